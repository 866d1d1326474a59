/**
 * The one place that maps domain errors to HTTP: status by code, a Chinese message for the
 * user, the English one to the log, and nothing internal to the client.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorCode } from '../modules/common/app-error.ts';

const statusByCode: Record<AppErrorCode, number> = {
  invalid_input: 400,
  invalid_document: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  transition_refused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; where?: string };
}

/**
 * PostgreSQL refuses text SQLite accepts (a NUL character, invalid UTF-8): that is bad input from
 * the client, not a server fault.
 */
const postgresBadTextCodes = new Set(['22021', '22P05']);

function fromFramework(error: FastifyError): AppError {
  if (typeof error.code === 'string' && postgresBadTextCodes.has(error.code)) {
    return new AppError(
      'invalid_input',
      '输入含有不允许的字符（如 \\0 空字符），请删除后重试',
      error.message,
    );
  }
  if (error.validation) {
    const first = error.validation[0];
    const where = first?.instancePath || String(first?.params?.missingProperty ?? '');
    return new AppError(
      'invalid_input',
      `请求参数有误：${where} ${first?.message ?? ''}`.trim(),
      error.message,
      { where },
    );
  }
  if (error.statusCode === 413) return new AppError('payload_too_large', '上传内容过大', error.message);
  if (error.statusCode === 415)
    return new AppError('unsupported_media_type', '不支持的内容类型', error.message);
  if (error.statusCode === 429)
    return new AppError('rate_limited', '请求过于频繁，请稍后再试', error.message);
  if (error.statusCode === 400) return new AppError('invalid_input', '请求格式有误', error.message);
  if (error.statusCode === 404) return new AppError('not_found', '未找到请求的资源', error.message);
  return new AppError('internal', '服务器内部错误，请稍后重试或联系管理员', error.message);
}

/** The status and the domain error of any error, for pages that present errors their own way. */
export function describeError(error: FastifyError | AppError): { status: number; appError: AppError } {
  const appError = error instanceof AppError ? error : fromFramework(error);
  return { status: statusByCode[appError.code], appError };
}

export function handleError(
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, appError } = describeError(error);
  if (status >= 500) request.log.error({ err: error }, appError.logMessage);
  else request.log.info({ code: appError.code, where: appError.details.where }, appError.logMessage);
  const body: ErrorBody = { error: { code: appError.code, message: appError.userMessage } };
  if (appError.details.where) body.error.where = appError.details.where;
  void reply.status(status).send(body);
}
