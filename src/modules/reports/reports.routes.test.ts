/** The reports API over HTTP with real sessions: documents, the ledger sheet both ways, publications. */
import JSZip from 'jszip';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { signInAs } from '../../../test/support/sign-in.ts';

function multipartBody(fileName: string, bytes: Buffer) {
  const boundary = '----rectify-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(backends)('reports API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();
  let inspectionId: number;
  let otherInspectionId: number;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
    const inspections = await database.db
      .selectFrom('inspections')
      .select(['id', 'unit_id'])
      .orderBy('id')
      .execute();
    inspectionId = inspections[0]!.id;
    otherInspectionId = inspections[1]!.id;
    const officeId = demo.summary.officeId;
    for (const [username, role, unitIds] of [
      ['office1', 'office', []],
      ['unit1', 'unit_office', [inspections[0]!.unit_id]],
      ['observer1', 'observer', []],
    ] as const) {
      const account = { username, displayName: username, role, officeId, unitIds: [...unitIds] };
      cookies.set(username, await signInAs(app, database.db, clock, account));
    }
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const request = (user: string, method: 'GET' | 'POST', url: string, extra: object = {}) =>
    app.inject({ method, url, headers: { cookie: cookies.get(user)! }, ...extra });

  it.each(['plan', 'notice', 'report', 'supervision'])(
    'generates the %s as a .docx that opens',
    async (kind) => {
      const response = await request(
        'unit1',
        'GET',
        `/api/inspections/${inspectionId}/documents/${kind}?date=${DEMO_TODAY}`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('wordprocessingml');
      expect(response.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''/);
      const zip = await JSZip.loadAsync(response.rawPayload);
      expect(await zip.file('word/document.xml')!.async('string')).toContain('<w:body>');
    },
  );

  it('refuses an unknown kind, a bad day, and another unit', async () => {
    expect(
      (await request('unit1', 'GET', `/api/inspections/${inspectionId}/documents/memo`)).json().error.where,
    ).toBe('params.kind');
    expect(
      (await request('unit1', 'GET', `/api/inspections/${inspectionId}/documents/plan?date=2026-13-01`))
        .statusCode,
    ).toBe(400);
    expect(
      (await request('unit1', 'GET', `/api/inspections/${otherInspectionId}/documents/plan`)).statusCode,
    ).toBe(404);
  });

  it('exports the ledger sheet and imports it back unchanged, for the unit office only', async () => {
    const exported = await request('unit1', 'GET', `/api/inspections/${inspectionId}/ledger.xlsx`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const countProblems = async () =>
      Number(
        (
          await database.db
            .selectFrom('problems')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('inspection_id', '=', inspectionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countProblems();
    const { payload, contentType } = multipartBody('台账.xlsx', exported.rawPayload);
    const imported = await request('unit1', 'POST', `/api/inspections/${inspectionId}/ledger.xlsx`, {
      payload,
      headers: { cookie: cookies.get('unit1')!, 'content-type': contentType },
    });
    expect(imported.statusCode).toBe(200);
    expect(await countProblems()).toBe(before);
    const observer = await request('observer1', 'POST', `/api/inspections/${inspectionId}/ledger.xlsx`, {
      payload,
      headers: { cookie: cookies.get('observer1')!, 'content-type': contentType },
    });
    expect(observer.statusCode).toBe(403);
    const outside = await request('unit1', 'POST', `/api/inspections/${otherInspectionId}/ledger.xlsx`, {
      payload,
      headers: { cookie: cookies.get('unit1')!, 'content-type': contentType },
    });
    expect(outside.statusCode).toBe(404);
  });

  it('publishes an immutable notice whose bytes come back exactly, with their hash', async () => {
    const published = await request('office1', 'POST', `/api/inspections/${inspectionId}/publications`, {
      payload: {},
    });
    expect(published.statusCode).toBe(201);
    const { publication } = published.json() as {
      publication: { id: number; version: number; contentSha256: string };
    };
    const fetched = await request('unit1', 'GET', `/api/publications/${publication.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers['x-content-sha256']).toBe(publication.contentSha256);
    const again = await request('office1', 'POST', `/api/inspections/${inspectionId}/publications`, {
      payload: {},
    });
    expect((again.json() as { publication: { version: number } }).publication.version).toBe(
      publication.version + 1,
    );
    expect(
      (await request('observer1', 'POST', `/api/inspections/${inspectionId}/publications`, { payload: {} }))
        .statusCode,
    ).toBe(403);
    expect(
      (await request('unit1', 'POST', `/api/inspections/${otherInspectionId}/publications`, { payload: {} }))
        .statusCode,
    ).toBe(404);
  });
});
