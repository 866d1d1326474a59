/**
 * A local HTTP receiver standing in for a chat robot's webhook in tests: it answers each post as
 * the test's `answer` says for its path, and keeps path, body and status of everything it got.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  body: string;
  status: number;
}

export interface WebhookReceiver {
  /** The receiver's origin; tests append the path that picks the answer. */
  url: string;
  received: ReceivedPost[];
  close(): Promise<void>;
}

export function startWebhookReceiver(
  answer: (path: string) => { status: number; body: string },
): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const reply = answer(path);
      received.push({ path, body, status: reply.status });
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(reply.body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
