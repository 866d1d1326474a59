export async function readPdfText(_bytes: Uint8Array, _fileName: string): Promise<string> {
  return '';
}
