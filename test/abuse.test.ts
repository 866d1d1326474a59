/**
 * The abuse suite, on each backend, through the real server in process over a small demo:
 * oversized and deeply nested bodies, path traversal in path and file-name parameters,
 * SQL-injection-shaped filters, script in text fields (stored verbatim, returned as JSON),
 * uploads whose content does not match their extension, zip bombs sent to the import wizard and
 * 1,000 rapid logins — the server answers, stays responsive, and writes nothing on a refusal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../src/modules/demo/demo-users.ts';
import type { Database } from '../src/storage/database.ts';
import { createFileStore } from '../src/storage/file-store.ts';
import { backends } from './support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from './support/demo-database.ts';
import type { TestDatabase } from './support/databases.ts';

const TABLES = [
  'problems',
  'measures',
  'comments',
  'evidence',
  'events',
  'users',
  'sessions',
  'import_drafts',
] as const;

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A multipart body with one file part and optional fields. */
function multipart(
  fileName: string,
  content: Buffer,
  contentType: string,
  fields: Record<string, string> = {},
): { payload: Buffer; contentType: string } {
  const boundary = '----rectify-abuse-boundary';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface ZipEntry {
  name: string;
  /** Raw deflate data. */
  compressed: Buffer;
  /** The size the headers claim, which a bomb may understate. */
  declaredSize: number;
}

/** A zip archive written by hand, so its headers can lie about the inflated size. */
function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(entry.compressed.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(entry.compressed.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + entry.compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

const SMALL_DOCUMENT = Buffer.from(
  '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、问题</w:t></w:r></w:p></w:body></w:document>',
);

function deflated(content: Buffer, declaredSize = content.length, name = 'word/document.xml'): ZipEntry {
  return { name, compressed: deflateRawSync(content), declaredSize };
}

const SQL_SHAPED = [
  "' OR '1'='1",
  "1' OR 1=1 --",
  '"; DROP TABLE problems; --',
  "'); DELETE FROM events; --",
  "%' UNION SELECT password_hash FROM users --",
  '\\x00\u0000',
  '%%%%',
  '_',
];

const SCRIPT = '<img src=x onerror=alert(1)><script>alert(1)</script>';

describe.each(backends)('abuse on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let filesDir: string;
  const cookies = new Map<string, string>();
  let problem: { id: number; version: number };

  beforeAll(async () => {
    ({ database } = await createDemoDatabase(backend));
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    const office = await database.db.selectFrom('offices').select('id').executeTakeFirstOrThrow();
    await createDemoUsers({ db: database.db, clock }, office.id);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-abuse-files-'));
    app = await buildServer({
      database,
      clock,
      version: 'test',
      logLevel: 'silent',
      fileStore: createFileStore(filesDir),
    });
    for (const username of ['xunchaban', 'zhenggaiban']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      cookies.set(username, String(response.headers['set-cookie']).split(';')[0]!);
    }
    const ledger = await app.inject({
      method: 'GET',
      url: '/api/ledger?state=in_progress&pageSize=1',
      headers: { cookie: cookies.get('zhenggaiban')! },
    });
    const id = (ledger.json() as { items: { id: number }[] }).items[0]!.id;
    const detail = await app.inject({
      method: 'GET',
      url: `/api/problems/${id}`,
      headers: { cookie: cookies.get('zhenggaiban')! },
    });
    problem = { id, version: (detail.json() as { version: number }).version };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const as = (username: string) => ({ cookie: cookies.get(username)! });

  async function expectHealthy(): Promise<void> {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  }

  it('refuses an oversized body with 413 and writes nothing', async () => {
    const before = await rowCounts(database.db);
    const response = await app.inject({
      method: 'POST',
      url: `/api/problems/${problem.id}/comments`,
      headers: { ...as('xunchaban'), 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'x'.repeat(26 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await rowCounts(database.db)).toEqual(before);
    await expectHealthy();
  });

  it('answers deeply nested JSON with 400 and stays up', async () => {
    const before = await rowCounts(database.db);
    for (const depth of [1_000, 100_000, 1_000_000]) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/problems/${problem.id}/comments`,
        headers: { ...as('xunchaban'), 'content-type': 'application/json' },
        payload: `{"body":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      });
      expect(response.statusCode, `depth ${depth}`).toBe(400);
    }
    expect(await rowCounts(database.db)).toEqual(before);
    await expectHealthy();
  });

  it('refuses path traversal in every path parameter and never serves a file outside the app', async () => {
    const traversals = [
      '..%2f..%2fetc%2fpasswd',
      '..%2F..%2F..%2Fpackage.json',
      '%2e%2e%2f%2e%2e%2f',
      '..\\..\\x',
    ];
    const urls = (bad: string) => [
      `/api/evidence/${bad}/content`,
      `/api/evidence/${bad}`,
      `/api/problems/${bad}`,
      `/api/problems/${bad}/evidence`,
      `/api/problems/${bad}/comments`,
      `/api/imports/${bad}`,
      `/api/inspections/${bad}`,
      `/api/users/${bad}`,
    ];
    for (const bad of traversals) {
      for (const url of urls(bad)) {
        const response = await app.inject({ method: 'GET', url, headers: as('xunchaban') });
        // A backslash is a slash to URL parsing, so `..\..\x` leaves /api and may reach the web
        // app's index page (the browser router's "not found"); never a file or a record.
        const isWebAppPage =
          response.statusCode === 200 && String(response.headers['content-type']).startsWith('text/html');
        if (!isWebAppPage) expect([400, 404], url).toContain(response.statusCode);
        expect(response.body, url).not.toMatch(/root:x:|"dependencies"|"title"/);
      }
    }
    for (const url of [
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/../../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toMatch(/root:x:|"dependencies"/);
    }
  });

  it('keeps a traversing upload file name as a display name only', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const form = multipart('../../x.pdf', pdf, 'application/pdf', { description: '路径穿越测试' });
    const response = await app.inject({
      method: 'POST',
      url: `/api/problems/${problem.id}/evidence`,
      headers: { ...as('zhenggaiban'), 'content-type': form.contentType },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(201);
    const created = response.json() as { id: number; fileName: string };
    expect(created.fileName).not.toContain('/');
    expect(created.fileName).not.toContain('..');
    expect(fs.existsSync(path.join(filesDir, '..', 'x.pdf'))).toBe(false);
    expect(fs.existsSync(path.join(filesDir, '..', '..', 'x.pdf'))).toBe(false);
    const stored = await database.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('../');
    const content = await app.inject({
      method: 'GET',
      url: `/api/evidence/${created.id}/content`,
      headers: as('zhenggaiban'),
    });
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(pdf)).toBe(true);
    expect(String(content.headers['content-disposition'])).not.toContain('../');
  });

  it('refuses uploads whose content does not match their extension (415) and writes nothing', async () => {
    const before = await rowCounts(database.db);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    for (const [fileName, content, type] of [
      ['scan.pdf', png, 'application/pdf'],
      ['report.docx', Buffer.from('<html><script>alert(1)</script></html>'), 'application/octet-stream'],
      ['photo.jpg', Buffer.from('%PDF-1.4\n%%EOF\n'), 'image/jpeg'],
      ['page.html', Buffer.from('<script>alert(1)</script>'), 'text/html'],
    ] as const) {
      const form = multipart(fileName, content, type);
      const response = await app.inject({
        method: 'POST',
        url: `/api/problems/${problem.id}/evidence`,
        headers: { ...as('zhenggaiban'), 'content-type': form.contentType },
        payload: form.payload,
      });
      expect(response.statusCode, fileName).toBe(415);
    }
    expect(await rowCounts(database.db)).toEqual(before);
  });

  it('answers SQL-injection-shaped filters with 400 or an empty result, the database intact', async () => {
    const before = await rowCounts(database.db);
    for (const value of SQL_SHAPED) {
      const q = await app.inject({
        method: 'GET',
        url: `/api/ledger?q=${encodeURIComponent(value)}`,
        headers: as('xunchaban'),
      });
      expect([200, 400], value).toContain(q.statusCode);
      if (q.statusCode === 200) expect((q.json() as { total: number }).total, value).toBe(0);
      for (const parameter of [
        'inspectionId',
        'unitId',
        'aspectId',
        'departmentId',
        'leaderId',
        'personId',
        'state',
        'dueFrom',
        'dueTo',
        'sort',
        'page',
        'pageSize',
        'overdue',
      ]) {
        const response = await app.inject({
          method: 'GET',
          url: `/api/ledger?${parameter}=${encodeURIComponent(value)}`,
          headers: as('xunchaban'),
        });
        expect(response.statusCode, `${parameter}=${value}`).toBe(400);
      }
      const byId = await app.inject({
        method: 'GET',
        url: `/api/problems/${encodeURIComponent(value)}`,
        headers: as('xunchaban'),
      });
      expect([400, 404], value).toContain(byId.statusCode);
    }
    expect(await rowCounts(database.db)).toEqual(before);
    await expectHealthy();
  });

  it('stores script in text fields verbatim and returns it as JSON', async () => {
    const comment = await app.inject({
      method: 'POST',
      url: `/api/problems/${problem.id}/comments`,
      headers: as('xunchaban'),
      payload: { body: SCRIPT },
    });
    expect(comment.statusCode).toBe(201);
    expect(comment.headers['content-type']).toMatch(/^application\/json/);
    expect(comment.json().body).toBe(SCRIPT);
    const current = await app.inject({
      method: 'GET',
      url: `/api/problems/${problem.id}`,
      headers: as('xunchaban'),
    });
    const title = await app.inject({
      method: 'PATCH',
      url: `/api/problems/${problem.id}`,
      headers: as('xunchaban'),
      payload: { title: SCRIPT, goal: SCRIPT, version: (current.json() as { version: number }).version },
    });
    expect(title.statusCode).toBe(200);
    const detail = await app.inject({
      method: 'GET',
      url: `/api/problems/${problem.id}`,
      headers: as('xunchaban'),
    });
    expect(detail.headers['content-type']).toMatch(/^application\/json/);
    expect(detail.json()).toMatchObject({ title: SCRIPT, goal: SCRIPT });
    const comments = await app.inject({
      method: 'GET',
      url: `/api/problems/${problem.id}/comments`,
      headers: as('xunchaban'),
    });
    expect(JSON.stringify(comments.json())).toContain(JSON.stringify(SCRIPT).slice(1, -1));
  });

  it('refuses zip bombs sent to the import wizard with a clear error and writes nothing', async () => {
    const round = await database.db.selectFrom('inspection_rounds').select('id').executeTakeFirstOrThrow();
    const unit = await app.inject({
      method: 'POST',
      url: '/api/units',
      headers: as('xunchaban'),
      payload: { name: '某县压缩炸弹测试局党组' },
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const created = await app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: as('xunchaban'),
      payload: { roundId: round.id, unitId: (unit.json() as { id: number }).id, feedbackOn: '2026-10-15' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const inspection = created.json() as { id: number };
    const before = await rowCounts(database.db);
    const huge = Buffer.alloc(300 * 1024 * 1024, 0x20);
    const bombs: [string, Buffer][] = [
      ['honest header', buildZip([deflated(huge)])],
      ['understated header', buildZip([deflated(huge, 1000)])],
      ['bomb beside the body', buildZip([deflated(SMALL_DOCUMENT), deflated(huge, 1000, 'word/styles.xml')])],
    ];
    for (const [label, bytes] of bombs) {
      const form = multipart('bomb.docx', bytes, 'application/octet-stream');
      const started = Date.now();
      const response = await app.inject({
        method: 'POST',
        url: `/api/imports?inspectionId=${inspection.id}`,
        headers: { ...as('xunchaban'), 'content-type': form.contentType },
        payload: form.payload,
      });
      expect([413, 422], label).toContain(response.statusCode);
      expect(response.json().error.message, label).toMatch(/过大|解压/);
      expect(Date.now() - started, label).toBeLessThan(15_000);
    }
    expect(await rowCounts(database.db)).toEqual(before);
    await expectHealthy();
  }, 120_000);

  it('throttles 1,000 rapid logins, stays responsive, and writes nothing for refused attempts', async () => {
    const before = await rowCounts(database.db);
    const failuresBefore = Number(
      (
        await database.db
          .selectFrom('login_failures')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const statuses: number[] = [];
    let slowestHealthMs = 0;
    for (let batch = 0; batch < 20; batch += 1) {
      const logins = Array.from({ length: 50 }, (_, index) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.9.8.7',
          payload: {
            username: index % 2 === 0 ? 'xunchaban' : `nobody${index}`,
            password: 'wrong password!',
          },
        }),
      );
      const started = Date.now();
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      slowestHealthMs = Math.max(slowestHealthMs, Date.now() - started);
      expect(health.statusCode).toBe(200);
      for (const response of await Promise.all(logins)) statuses.push(response.statusCode);
    }
    expect(statuses).toHaveLength(1000);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThan(900);
    expect(slowestHealthMs).toBeLessThan(2_000);
    const failuresAfter = Number(
      (
        await database.db
          .selectFrom('login_failures')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // Only the attempts that reached the password check are recorded (two rows each).
    expect(failuresAfter - failuresBefore).toBe(2 * (1000 - refused));
    expect(await rowCounts(database.db)).toEqual(before);
    // The real user is still locked, the server still answers.
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.9.8.7',
      payload: { username: 'xunchaban', password: DEMO_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    await expectHealthy();
  }, 120_000);
});
