import { describe, expect, it } from 'vitest';
import { checkRobotUrl, maskRobotUrl, maskSecret, redactUrls } from './robot-address.rules.ts';

describe('robot addresses', () => {
  it('accepts http(s) addresses without credentials', () => {
    expect(checkRobotUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBeNull();
    expect(checkRobotUrl('http://127.0.0.1:8080/hook')).toBeNull();
    expect(checkRobotUrl('ftp://example.org/x')).toMatch(/https/);
    expect(checkRobotUrl('https://user:pw@example.org/x')).toMatch(/用户名或密码/);
    expect(checkRobotUrl('not a url')).toMatch(/有效/);
    expect(checkRobotUrl('https://example.org/x#frag')).toMatch(/#/);
  });

  it('masks tokens in the query and long path segments, keeping the host', () => {
    expect(maskRobotUrl('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=****cdef',
    );
    expect(
      maskRobotUrl('https://open.feishu.cn/open-apis/bot/v2/hook/6f1c2d3e-aaaa-bbbb-cccc-123456789abc'),
    ).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/****9abc');
    expect(maskSecret('SECshort')).toBe('****');
    expect(maskSecret('SEC0123456789')).toBe('****6789');
  });

  it('redacts addresses inside error messages', () => {
    expect(redactUrls('Failed to parse URL from https://x.example/send?key=supersecretvalue')).toBe(
      'Failed to parse URL from https://x.example/send?key=****alue',
    );
  });
});
