/**
 * The error for a file the parser cannot read: unsupported format, corrupt file, too large, or
 * no text in it. Carries a Chinese message for the user (naming the file and what is wrong) and
 * an English one for the log.
 */

export type DocumentParseErrorCode = 'unsupported_format' | 'corrupt_file' | 'too_large' | 'empty';

export class DocumentParseError extends Error {
  readonly code: DocumentParseErrorCode;
  readonly fileName: string;
  readonly logMessage: string;

  constructor(
    code: DocumentParseErrorCode,
    fileName: string,
    message: string,
    logMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DocumentParseError';
    this.code = code;
    this.fileName = fileName;
    this.logMessage = logMessage;
  }
}
