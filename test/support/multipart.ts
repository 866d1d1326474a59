/**
 * Multipart form bodies for uploads in route tests (app.inject does not build them): one file
 * under the field name "file", as the upload endpoints read it.
 */

/** A multipart body carrying `bytes` as the file `fileName`, with its content-type header. */
export function multipartBody(fileName: string, bytes: Uint8Array) {
  const boundary = `----rectify${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}
