/**
 * Publishing a notice: a new immutable version row per publication, exactly the stored bytes
 * on reading, unaffected by later ledger edits, and refused UPDATE/DELETE by the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.ts';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { createFixedClock } from '../common/clock.ts';
import { openDocx } from './docx-reader.test-support.ts';
import { createPublicationService } from './publication.service.ts';

describe.each(backends)('notice publication on %s', (backend) => {
  let database: TestDatabase;
  let inspectionId: number;
  let officeId: number;
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);

  beforeAll(async () => {
    ({ database } = await createDemoDatabase(backend, { units: 1, problemsPerUnit: 8 }));
    const inspection = await database.db
      .selectFrom('inspections')
      .select(['id', 'office_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    inspectionId = inspection.id;
    officeId = inspection.office_id;
  }, 60_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('stores a snapshot that later edits do not change, as numbered versions', async () => {
    const service = createPublicationService({ db: database.db, clock });
    const scope = { officeId, unitIds: 'all' as const };
    const first = await service.publishNotice(scope, inspectionId, { actorUserId: null });
    const stored = await service.getPublication(scope, first.id);
    expect(stored.version).toBe(first.version);
    expect(stored.contentSha256).toBe(first.contentSha256);

    const problem = await database.db
      .selectFrom('problems')
      .select(['id', 'title'])
      .where('inspection_id', '=', inspectionId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('problems')
      .set({ title: `${problem.title}（已修改）` })
      .where('id', '=', problem.id)
      .execute();

    const again = await service.getPublication(scope, first.id);
    expect(again.bytes.equals(stored.bytes)).toBe(true);
    expect((await openDocx(again.bytes)).paragraphs.join('\n')).not.toContain('（已修改）');
    expect(JSON.stringify(again.model)).not.toContain('（已修改）');

    const second = await service.publishNotice(scope, inspectionId, { actorUserId: null });
    expect(second.version).toBe(first.version + 1);
    expect(second.id).not.toBe(first.id);
    expect(
      (await openDocx((await service.getPublication(scope, second.id)).bytes)).paragraphs.join('\n'),
    ).toContain('（已修改）');
  });

  it('is refused UPDATE and DELETE by the database, and not found outside the scope', async () => {
    const service = createPublicationService({ db: database.db, clock });
    const published = await service.publishNotice({ officeId, unitIds: 'all' }, inspectionId, {
      actorUserId: null,
    });
    await expect(
      database.db
        .updateTable('public_reports')
        .set({ title: '篡改' })
        .where('id', '=', published.id)
        .execute(),
    ).rejects.toThrow();
    await expect(
      database.db.deleteFrom('public_reports').where('id', '=', published.id).execute(),
    ).rejects.toThrow();
    await expect(service.getPublication({ officeId, unitIds: [] }, published.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      service.getPublication({ officeId: officeId + 1, unitIds: 'all' }, published.id),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
