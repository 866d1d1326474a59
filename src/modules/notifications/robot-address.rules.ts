/**
 * Robot addresses and secrets, pure: what counts as a valid address, and how an address or a
 * secret is shown once stored. A robot's address carries its token (WeCom `key`, DingTalk
 * `access_token`, Feishu's hook id), so neither is ever answered in full.
 */

/** Why an address is refused (Chinese, for the user), or null when it is acceptable. */
export function checkRobotUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '机器人地址不是有效的网址';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '机器人地址须以 https:// 或 http:// 开头';
  if (url.username || url.password) return '机器人地址中不能包含用户名或密码';
  if (url.hash) return '机器人地址不能包含 # 片段';
  return null;
}

/** Keeps the last four characters of a credential, e.g. `****c0de`. */
export function maskSecret(secret: string): string {
  return `****${secret.length > 8 ? secret.slice(-4) : ''}`;
}

/**
 * The address as shown: scheme, host and short path segments as they are; long path segments
 * (hook ids) and every query value masked.
 */
export function maskRobotUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '****';
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (segment.length >= 16 ? maskSecret(segment) : segment))
    .join('/');
  const query = [...url.searchParams.entries()]
    .map(([name, value]) => `${name}=${maskSecret(value)}`)
    .join('&');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

/** Removes addresses from an error message before it is stored or answered. */
export function redactUrls(message: string): string {
  return message.replace(/https?:\/\/[^\s"'<>]+/g, (found) => maskRobotUrl(found));
}
