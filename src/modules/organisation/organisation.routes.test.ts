/**
 * The organisation admin API through the real server, on each backend: a unit's departments
 * and people — listed, created, changed with the version, deleted only when unused — with
 * 400/403/404/409 where they belong and an event for every change.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { findOrCreateOffice, findOrCreateUnit } from '../inspections/inspection.repository.ts';
import { signIn } from '../../../test/support/sign-in.ts';
import { buildUser } from '../users/user.test-support.ts';

describe.each(backends)('organisation admin API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let unitId: number;
  let otherUnitId: number;
  const clock = createFixedClock('2026-11-21T01:00:00.000Z');
  const cookies = new Map<string, string>();

  beforeEach(async () => {
    const demo = await createDemoDatabase(backend, { units: 2, problemsPerUnit: 3 });
    database = demo.database;
    const officeId = demo.summary.officeId;
    unitId = (
      await database.db
        .selectFrom('units')
        .select('id')
        .where('office_id', '=', officeId)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const otherOfficeId = await findOrCreateOffice(
      database.db,
      '另一县委巡察办',
      '另一县',
      '2026-01-01T00:00:00.000Z',
    );
    otherUnitId = await findOrCreateUnit(database.db, otherOfficeId, '另一县教育局党组');
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
    cookies.clear();
    await buildUser(database.db, clock, { username: 'office.admin', role: 'admin', officeId });
    await buildUser(database.db, clock, { username: 'other.admin', role: 'admin', officeId: otherOfficeId });
    await buildUser(database.db, clock, { username: 'office.zhao', role: 'office', officeId });
    await buildUser(database.db, clock, {
      username: 'unit.qian',
      role: 'unit_office',
      officeId,
      unitIds: [unitId],
    });
  });
  afterEach(async () => {
    await app.close();
    await database.dispose();
  });

  async function call(
    username: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) {
    let cookie = cookies.get(username);
    if (!cookie) {
      cookie = await signIn(app, username);
      cookies.set(username, cookie);
    }
    return app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
  }

  const eventCount = async (entityType: string) =>
    Number(
      (
        await database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity_type', '=', entityType)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates, renames and deletes a department and a person, each change an event', async () => {
    const created = await call('office.admin', 'POST', `/api/admin/units/${unitId}/departments`, {
      name: ' 新设办公室 ',
    });
    expect(created.statusCode).toBe(201);
    const department = created.json().department;
    expect(department).toMatchObject({ unitId, name: '新设办公室', version: 1, problemCount: 0 });

    const person = await call('office.zhao', 'POST', `/api/admin/units/${unitId}/people`, {
      name: '王五',
      title: '副主任',
      departmentId: department.id,
    });
    expect(person.statusCode).toBe(201);
    expect(person.json().person).toMatchObject({
      name: '王五',
      title: '副主任',
      departmentName: '新设办公室',
      isLeader: false,
      version: 1,
    });

    const renamed = await call(
      'office.admin',
      'PATCH',
      `/api/admin/units/${unitId}/people/${person.json().person.id}`,
      {
        name: '王五一',
        isLeader: true,
        version: 1,
      },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().person).toMatchObject({
      name: '王五一',
      title: '副主任',
      isLeader: true,
      version: 2,
    });
    const renamedDepartment = await call(
      'office.admin',
      'PATCH',
      `/api/admin/units/${unitId}/departments/${department.id}`,
      {
        name: '综合办公室（新）',
        version: 1,
      },
    );
    expect(renamedDepartment.json().department).toMatchObject({ name: '综合办公室（新）', version: 2 });

    const listed = await call('office.zhao', 'GET', `/api/admin/units/${unitId}/people`);
    expect(listed.statusCode).toBe(200);
    expect(
      listed.json().people.find((item: { id: number }) => item.id === person.json().person.id),
    ).toMatchObject({
      name: '王五一',
      departmentName: '综合办公室（新）',
    });
    const departments = (await call('office.admin', 'GET', `/api/admin/units/${unitId}/departments`)).json()
      .departments;
    expect(departments.some((item: { problemCount: number }) => item.problemCount > 0)).toBe(true);

    expect(
      (await call('office.admin', 'DELETE', `/api/admin/units/${unitId}/people/${person.json().person.id}`))
        .statusCode,
    ).toBe(204);
    expect(
      (await call('office.admin', 'DELETE', `/api/admin/units/${unitId}/departments/${department.id}`))
        .statusCode,
    ).toBe(204);
    expect(await eventCount('department')).toBe(3);
    expect(await eventCount('person')).toBe(3);
  });

  it('names the bad field with 400', async () => {
    const empty = await call('office.admin', 'POST', `/api/admin/units/${unitId}/departments`, {
      name: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.where).toBe('body.name');
    const noVersion = await call('office.admin', 'PATCH', `/api/admin/units/${unitId}/departments/1`, {
      name: '甲',
    });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.where).toBe('body.version');
    const foreignDepartment = await call('office.admin', 'POST', `/api/admin/units/${unitId}/people`, {
      name: '赵六',
      departmentId: 999_999,
    });
    expect(foreignDepartment.statusCode).toBe(400);
    expect(foreignDepartment.json().error.where).toBe('body.departmentId');
  });

  it('refuses other roles with 403 and hides another office with 404', async () => {
    expect((await call('unit.qian', 'GET', `/api/admin/units/${unitId}/departments`)).statusCode).toBe(403);
    expect(
      (await call('unit.qian', 'POST', `/api/admin/units/${unitId}/people`, { name: '甲' })).statusCode,
    ).toBe(403);
    expect((await call('other.admin', 'GET', `/api/admin/units/${unitId}/people`)).statusCode).toBe(404);
    expect(
      (await call('office.admin', 'POST', `/api/admin/units/${otherUnitId}/departments`, { name: '甲' }))
        .statusCode,
    ).toBe(404);
    expect((await call('office.admin', 'GET', '/api/admin/units/999999/departments')).statusCode).toBe(404);
  });

  it('answers 409 for a stale version, a duplicate name and a department or person in use', async () => {
    const department = (
      await call('office.admin', 'POST', `/api/admin/units/${unitId}/departments`, { name: '甲科' })
    ).json().department;
    await call('office.admin', 'PATCH', `/api/admin/units/${unitId}/departments/${department.id}`, {
      name: '乙科',
      version: 1,
    });
    const stale = await call(
      'office.admin',
      'PATCH',
      `/api/admin/units/${unitId}/departments/${department.id}`,
      { name: '丙科', version: 1 },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.where).toBe('body.version');

    const used = await database.db
      .selectFrom('assignments')
      .innerJoin('departments', 'departments.id', 'assignments.department_id')
      .select(['departments.id', 'departments.name'])
      .where('departments.unit_id', '=', unitId)
      .executeTakeFirstOrThrow();
    const duplicate = await call('office.admin', 'POST', `/api/admin/units/${unitId}/departments`, {
      name: used.name,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.where).toBe('body.name');
    expect(duplicate.json().error.message).toContain(used.name);
    const renameClash = await call(
      'office.admin',
      'PATCH',
      `/api/admin/units/${unitId}/departments/${department.id}`,
      {
        name: used.name,
        version: 2,
      },
    );
    expect(renameClash.statusCode).toBe(409);

    const inUse = await call('office.admin', 'DELETE', `/api/admin/units/${unitId}/departments/${used.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toMatch(/仍被 \d+ 个问题使用/);
    const usedPerson = await database.db
      .selectFrom('assignments')
      .innerJoin('people', 'people.id', 'assignments.person_id')
      .select('people.id')
      .where('people.unit_id', '=', unitId)
      .executeTakeFirstOrThrow();
    expect(
      (await call('office.admin', 'DELETE', `/api/admin/units/${unitId}/people/${usedPerson.id}`)).statusCode,
    ).toBe(409);
    expect(
      await database.db.selectFrom('departments').select('id').where('id', '=', used.id).executeTakeFirst(),
    ).toBeDefined();
  });
});
