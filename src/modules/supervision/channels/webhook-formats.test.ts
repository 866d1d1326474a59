import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeEmail } from './channel-senders.ts';
import { buildWebhookRequest, checkWebhookResponse, type OutgoingMessage } from './webhook-formats.ts';

const message: OutgoingMessage = {
  notificationId: 7,
  officeId: 1,
  rule: 'overdue_0',
  title: '整改逾期：问题1 台账不全',
  body: '问题1 台账不全 已超过整改时限（2026-10-20）仍未销号，请立即整改并说明原因。',
  problemId: 3,
  inspectionId: 2,
  noticeId: null,
  createdAt: '2026-10-21T02:00:00.000Z',
};
const now = new Date('2026-10-21T02:00:00.000Z');
const secret = 'SECtest-secret';
const text = `【巡察整改】${message.title}\n${message.body}`;

describe('robot request formats', () => {
  it('WeCom group robot: text message, URL unchanged', () => {
    const request = buildWebhookRequest(
      { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null },
      message,
      now,
    );
    expect(request.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
    expect(JSON.parse(request.body)).toEqual({ msgtype: 'text', text: { content: text } });
  });

  it('DingTalk robot: timestamp and URL-encoded HMAC-SHA256 sign of timestamp\\nsecret', () => {
    const request = buildWebhookRequest(
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret },
      message,
      now,
    );
    const timestamp = now.getTime();
    const expected = encodeURIComponent(
      createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'),
    );
    expect(request.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=${timestamp}&sign=${expected}`,
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('sign')).toBe(
      createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'),
    );
    expect(JSON.parse(request.body)).toEqual({ msgtype: 'text', text: { content: text } });
  });

  it('Feishu robot: seconds timestamp and HMAC keyed by timestamp\\nsecret over an empty message', () => {
    const request = buildWebhookRequest(
      { kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/H', secret },
      message,
      now,
    );
    const timestamp = Math.floor(now.getTime() / 1000);
    const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
    expect(JSON.parse(request.body)).toEqual({
      timestamp: String(timestamp),
      sign,
      msg_type: 'text',
      content: { text },
    });
  });

  it('generic webhook: JSON of the notification, signed when a secret is set', () => {
    const request = buildWebhookRequest({ kind: 'webhook', url: 'http://h/x', secret }, message, now);
    const body = JSON.parse(request.body) as { event: string; notification: { id: number; title: string } };
    expect(body.event).toBe('rectify.notification');
    expect(body.notification).toMatchObject({ id: 7, title: message.title, rule: 'overdue_0', problemId: 3 });
    expect(request.headers['x-rectify-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`,
    );
  });

  it('reads robot answers: non-2xx and non-zero codes are failures', () => {
    expect(checkWebhookResponse('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(checkWebhookResponse('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatch(
      /310000/,
    );
    expect(checkWebhookResponse('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toMatch(/19021/);
    expect(checkWebhookResponse('feishu', 200, '{"code":0}')).toBeNull();
    expect(checkWebhookResponse('webhook', 503, 'busy')).toMatch(/HTTP 503/);
  });

  it('e-mail has a Chinese subject and body', () => {
    const email = composeEmail(message);
    expect(email.subject).toBe('【巡察整改提醒】整改逾期：问题1 台账不全');
    expect(email.text).toContain(message.body);
  });
});
