/**
 * Reads the one uploaded file of a multipart request into memory, within a size limit, refusing
 * what is not an upload with a Chinese message naming the field or the file. For documents and
 * sheets (bounded, parsed whole); evidence streams to disk instead.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error.ts';

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      '请以 multipart/form-data 方式上传文件（字段名 file）',
      'upload is not multipart/form-data',
      { where: 'body.file' },
    );
  }
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) {
    throw new AppError('invalid_input', '请求参数有误：body.file：请选择要上传的文件', 'no file', {
      where: 'body.file',
    });
  }
  const fileName = part.filename || 'upload';
  try {
    return { fileName, bytes: await part.toBuffer() };
  } catch (error) {
    if (hasCode(error, 'FST_REQ_FILE_TOO_LARGE')) {
      throw new AppError(
        'payload_too_large',
        `文件“${fileName}”过大，超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的上限。`,
        `${fileName} exceeds ${maxBytes} bytes`,
        { where: fileName },
      );
    }
    throw error;
  }
}
