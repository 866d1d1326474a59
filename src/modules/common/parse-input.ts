/**
 * Validation at the edge: parses request input with a zod schema, or fails with an
 * `invalid_input` error that names the first bad field (`body.version`, `query.pageSize`).
 */
import type { z } from 'zod';
import { AppError } from './app-error.ts';

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, part = 'body'): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? formatPath(issue.path) : '';
  const where = field ? `${part}.${field}` : part;
  const message = issue?.message ?? '格式有误';
  throw new AppError(
    'invalid_input',
    `请求参数有误：${where}：${message}`,
    `invalid input at ${where}: ${message}`,
    {
      where,
    },
  );
}
