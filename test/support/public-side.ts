/**
 * The public side under test: a demo database served in process with the demo accounts signed
 * in, one inspection's notice published, and a builder for the public feedback form's
 * multipart body (what a browser sends).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createFixedClock } from '../../src/modules/common/clock.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../../src/modules/demo/demo-users.ts';
import { createFileStore } from '../../src/storage/file-store.ts';
import type { Backend, TestDatabase } from './databases.ts';
import { createDemoDatabase, DEMO_TODAY } from './demo-database.ts';

export interface PublicSide {
  database: TestDatabase;
  app: FastifyInstance;
  clock: ReturnType<typeof createFixedClock>;
  officeId: number;
  /** The inspection of the demo's first unit (zhenggaiban's unit) and its published notice. */
  inspectionId: number;
  unitId: number;
  publicationId: number;
  /** Session cookies of the demo accounts by username. */
  cookies: Map<string, string>;
  as(username: string): { cookie: string };
  dispose(): Promise<void>;
}

export async function createPublicSide(backend: Backend): Promise<PublicSide> {
  const { database, summary } = await createDemoDatabase(backend, { units: 3, problemsPerUnit: 6 });
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  await createDemoUsers({ db: database.db, clock }, summary.officeId);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-public-files-'));
  const app = await buildServer({
    database,
    clock,
    version: 'test',
    logLevel: 'silent',
    fileStore: createFileStore(filesDir),
  });
  const cookies = new Map<string, string>();
  for (const username of ['xunchaban', 'zhenggaiban', 'jijian', 'bumen']) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.body}`);
    const cookie = login.cookies.find((candidate) => candidate.name === 'rectify_session')!;
    cookies.set(username, `${cookie.name}=${cookie.value}`);
  }
  const as = (username: string) => ({ cookie: cookies.get(username)! });
  const scoped = await database.db
    .selectFrom('user_scopes')
    .innerJoin('users', 'users.id', 'user_scopes.user_id')
    .select('user_scopes.unit_id')
    .where('users.username', '=', 'zhenggaiban')
    .executeTakeFirstOrThrow();
  const inspection = await database.db
    .selectFrom('inspections')
    .select('id')
    .where('unit_id', '=', scoped.unit_id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const published = await app.inject({
    method: 'POST',
    url: `/api/inspections/${inspection.id}/publications`,
    headers: as('xunchaban'),
    payload: {},
  });
  if (published.statusCode !== 201) throw new Error(`publish: ${published.body}`);
  const publicationId = (published.json() as { publication: { id: number } }).publication.id;
  return {
    database,
    app,
    clock,
    officeId: summary.officeId,
    inspectionId: inspection.id,
    unitId: scoped.unit_id,
    publicationId,
    cookies,
    as,
    async dispose() {
      await app.close();
      await database.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface FormFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** The multipart body a browser sends for the feedback form. */
export function feedbackForm(
  fields: Record<string, string>,
  file?: FormFile,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----rectify-public-form';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  const attachment = file ?? {
    fileName: '',
    contentType: 'application/octet-stream',
    bytes: Buffer.alloc(0),
  };
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="${attachment.fileName}"\r\nContent-Type: ${attachment.contentType}\r\n\r\n`,
    ),
    attachment.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Submits the form as a visitor from `address`; same-origin headers as a browser sends them. */
export async function submitFeedback(
  app: FastifyInstance,
  publicationId: number,
  fields: Record<string, string>,
  options: { address?: string; file?: FormFile; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const form = feedbackForm(fields, options.file);
  return app.inject({
    method: 'POST',
    url: `/public/notices/${publicationId}/feedback`,
    remoteAddress: options.address ?? '203.0.113.10',
    headers: {
      ...form.headers,
      origin: 'http://localhost:80',
      'sec-fetch-site': 'same-origin',
      ...options.headers,
    },
    payload: form.payload,
  });
}

/** The reference number from a submission's redirect. */
export function referenceOf(response: LightMyRequestResponse): string {
  const location = String(response.headers.location ?? '');
  const match = /ref=(FK-\d{4}-[0-9A-Z]{8})/.exec(location);
  if (!match)
    throw new Error(`no reference in ${response.statusCode} ${location} ${response.body.slice(0, 300)}`);
  return match[1]!;
}
