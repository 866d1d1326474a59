/**
 * The outgoing request of each robot kind, pure (no I/O): WeCom group robot, DingTalk robot with
 * its signature, Feishu robot with its signature, and a generic JSON webhook.
 */
import { createHmac } from 'node:crypto';
import type { RobotKind } from '../../../storage/schema.ts';

export interface RobotTarget {
  kind: RobotKind;
  url: string;
  secret: string | null;
}

export interface OutgoingMessage {
  notificationId: number;
  officeId: number;
  rule: string;
  title: string;
  body: string;
  problemId: number | null;
  inspectionId: number | null;
  noticeId: number | null;
  createdAt: string;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The text a robot posts to its group: title, then the message. */
export const robotText = (message: OutgoingMessage) => `【巡察整改】${message.title}\n${message.body}`;

/** DingTalk: HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`, base64, URL-encoded. */
export function dingTalkSign(timestampMs: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

/** Feishu: HMAC-SHA256 keyed by `timestamp + "\n" + secret` over an empty message, base64. */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The generic webhook's `X-Rectify-Signature`: hex HMAC-SHA256 of the body with the secret. */
export function genericSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const json = { 'content-type': 'application/json; charset=utf-8' };

/** The request to send `message` to `robot` at instant `now`. */
export function buildWebhookRequest(robot: RobotTarget, message: OutgoingMessage, now: Date): WebhookRequest {
  const text = robotText(message);
  switch (robot.kind) {
    case 'wecom':
      return {
        url: robot.url,
        headers: json,
        body: JSON.stringify({ msgtype: 'text', text: { content: text } }),
      };
    case 'dingtalk': {
      let url = robot.url;
      if (robot.secret) {
        const timestamp = now.getTime();
        url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingTalkSign(timestamp, robot.secret)}`;
      }
      return { url, headers: json, body: JSON.stringify({ msgtype: 'text', text: { content: text } }) };
    }
    case 'feishu': {
      const signed = robot.secret
        ? (() => {
            const timestamp = Math.floor(now.getTime() / 1000);
            return { timestamp: String(timestamp), sign: feishuSign(timestamp, robot.secret) };
          })()
        : {};
      return {
        url: robot.url,
        headers: json,
        body: JSON.stringify({ ...signed, msg_type: 'text', content: { text } }),
      };
    }
    case 'webhook': {
      const body = JSON.stringify({
        event: 'rectify.notification',
        notification: {
          id: message.notificationId,
          officeId: message.officeId,
          rule: message.rule,
          title: message.title,
          body: message.body,
          problemId: message.problemId,
          inspectionId: message.inspectionId,
          noticeId: message.noticeId,
          createdAt: message.createdAt,
        },
      });
      const headers = robot.secret
        ? { ...json, 'x-rectify-signature': genericSignature(body, robot.secret) }
        : json;
      return { url: robot.url, headers, body };
    }
  }
}

/**
 * Whether a robot's answer means delivered: a 2xx status and, for the robots that answer 200 with
 * an error code in the body, a zero code (WeCom/DingTalk `errcode`, Feishu `code`).
 */
export function checkWebhookResponse(kind: RobotKind, status: number, responseText: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${responseText.slice(0, 200)}`;
  if (kind === 'webhook') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseText);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const code = kind === 'feishu' ? (record.code ?? record.StatusCode) : record.errcode;
  if (code === undefined || code === 0) return null;
  const detail = record.errmsg ?? record.msg ?? record.StatusMessage ?? '';
  return `${kind} error ${String(code)}: ${String(detail)}`;
}
