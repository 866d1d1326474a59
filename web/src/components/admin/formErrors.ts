// Server errors in account forms: a message whose `where` names a field of the form is shown
// beside that field; anything else (a network failure, a 403) is returned for a banner.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';

/** "body.unitIds[1]" or "unitIds[0]" → "unitIds"; "password" stays "password". */
export function fieldOf(where: string | undefined): string | undefined {
  if (!where) return undefined;
  return where.replace(/^(body|params|query)\./, '').split(/[.[]/)[0] || undefined;
}

/** Puts the error beside its field when the form has it; returns the banner text otherwise. */
export function showServerError(
  form: FormInstance,
  fields: readonly string[],
  error: unknown,
  fallback: string,
): string | null {
  if (!(error instanceof ApiError)) return fallback;
  const field = fieldOf(error.where);
  if (field && fields.includes(field)) {
    form.setFields([{ name: field, errors: [error.message] }]);
    form.scrollToField(field);
    return null;
  }
  return error.message;
}

/** The password policy, as the server enforces it (src/modules/users/password.rules.ts). */
export const PASSWORD_POLICY = '至少10个字符；不能是常见密码（如 1234567890、password123）；不能与用户名相同';
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** antd rules for a new password; the common-password check is the server's. */
export function passwordRules(username: () => string | undefined) {
  return [
    { required: true, message: '请输入密码' },
    { min: MIN_PASSWORD_LENGTH, message: `密码至少需要${MIN_PASSWORD_LENGTH}个字符` },
    { max: MAX_PASSWORD_LENGTH, message: `密码不能超过${MAX_PASSWORD_LENGTH}个字符` },
    {
      validator: (_: unknown, value: string | undefined) =>
        value && username() && value.trim().toLowerCase() === username()?.trim().toLowerCase()
          ? Promise.reject(new Error('密码不能与用户名相同'))
          : Promise.resolve(),
    },
  ];
}

export const CONFLICT_MESSAGE = '该账号已被他人修改，请刷新后重试';

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}
