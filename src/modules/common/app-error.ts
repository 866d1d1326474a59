/**
 * The one error type of the domain: a stable code, a Chinese message for the user, an English
 * one for the log, and where the problem is (a field path, a file, a line). The HTTP layer maps
 * codes to statuses in one place; services never know about HTTP.
 */

export type AppErrorCode =
  | 'invalid_input'
  | 'invalid_document'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'transition_refused'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal';

export interface AppErrorDetails {
  /** Where: a field path such as `aspects[0].problems[2].title`, or `file:line`. */
  where?: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Shown to the user, in Chinese. */
    readonly userMessage: string,
    /** Written to the log, in English. */
    readonly logMessage: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(logMessage);
    this.name = 'AppError';
  }
}

/** The not-found error; also what out-of-scope ids answer, so existence never leaks. */
export function notFound(what: string, english: string, id: number | string): AppError {
  return new AppError('not_found', `未找到${what}（${id}）`, `${english} ${id} not found`);
}
