/** The senders behind each channel: SMTP e-mail through nodemailer, and robots over HTTP. */
import nodemailer from 'nodemailer';
import type { DeliveryChannel } from '../../../storage/schema.ts';
import {
  buildWebhookRequest,
  checkWebhookResponse,
  type OutgoingMessage,
  type RobotTarget,
} from './webhook-formats.ts';

export interface DeliveryTarget {
  /** The e-mail address, or `robot:<id>`. */
  target: string;
  robot: RobotTarget | null;
}

/** Sends one message to one target; throws when it was not delivered. */
export type ChannelSender = (message: OutgoingMessage, target: DeliveryTarget, now: Date) => Promise<void>;

/** The configured senders; a channel absent here gets no deliveries. */
export type Channels = Partial<Record<DeliveryChannel, ChannelSender>>;

/** Subject and text of a notification e-mail. */
export function composeEmail(message: OutgoingMessage): { subject: string; text: string } {
  return {
    subject: `【巡察整改提醒】${message.title}`,
    text:
      `您好：\n\n${message.body}\n\n` +
      `消息时间：${message.createdAt}\n` +
      `请登录巡察整改台账系统查看详情。\n\n（本邮件由系统自动发送，请勿直接回复。）\n`,
  };
}

export function createEmailSender(options: {
  smtpUrl: string;
  from: string;
  timeoutMs?: number;
}): ChannelSender {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return async (message, target) => {
    const { subject, text } = composeEmail(message);
    await transport.sendMail({ from: options.from, to: target.target, subject, text });
  };
}

export function createWebhookSender(
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): ChannelSender {
  const doFetch = options.fetch ?? fetch;
  const timeout = options.timeoutMs ?? 10_000;
  return async (message, target, now) => {
    if (!target.robot) throw new Error(`no robot for ${target.target}`);
    const request = buildWebhookRequest(target.robot, message, now);
    const response = await doFetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeout),
    });
    const problem = checkWebhookResponse(target.robot.kind, response.status, await response.text());
    if (problem) throw new Error(problem);
  };
}

/** The channels from configuration: robots always; e-mail when SMTP is configured. */
export function createChannels(config: { smtpUrl?: string | null; smtpFrom?: string | null }): Channels {
  const webhook = createWebhookSender();
  const channels: Channels = { wecom: webhook, dingtalk: webhook, feishu: webhook, webhook };
  if (config.smtpUrl)
    channels.email = createEmailSender({
      smtpUrl: config.smtpUrl,
      from: config.smtpFrom ?? 'rectify@localhost',
    });
  return channels;
}
