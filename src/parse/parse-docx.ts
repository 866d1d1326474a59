export async function readDocxText(_bytes: Uint8Array, _fileName: string): Promise<string> {
  return '';
}
