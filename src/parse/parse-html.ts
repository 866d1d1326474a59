export function readHtmlText(_bytes: Uint8Array): string {
  return '';
}
