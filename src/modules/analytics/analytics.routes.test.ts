/** The analytics API over HTTP with a real session: figures, drill-down paging, input errors. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { createUserService } from '../users/user.service.ts';

const PASSWORD = 'figures-test-2026!';

describe.each(backends)('analytics API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
    const users = createUserService({ db: database.db, clock, hashParameters: { N: 1024, r: 8, p: 1 } });
    await users.createUser('system', {
      username: 'observer1',
      displayName: '纪检监察',
      role: 'observer',
      officeId: demo.summary.officeId,
      unitIds: [],
      password: PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'observer1', password: PASSWORD },
    });
    const session = login.cookies.find((candidate) => candidate.name === 'rectify_session')!;
    cookie = `${session.name}=${session.value}`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  it('pages through the rows behind a figure as the figures say', async () => {
    const overview = (await get('/api/analytics/figures')).json();
    expect(overview.byRound.length).toBeGreaterThan(0);
    expect(overview.byUnit.length).toBe(overview.totals.units);
    const first = await get('/api/analytics/figures/items?key=problems&page=1&pageSize=15');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({
      key: 'problems',
      label: '反馈问题',
      total: overview.totals.problems,
      page: 1,
    });
    expect(body.items).toHaveLength(15);
    const last = (
      await get(`/api/analytics/figures/items?key=problems&page=${Math.ceil(body.total / 15)}&pageSize=15`)
    ).json();
    expect(last.items.length).toBe(body.total - 15 * (Math.ceil(body.total / 15) - 1));
  });

  it('names a wrong key or page size in Chinese, and an unknown round as not found', async () => {
    const wrongKey = await get('/api/analytics/figures/items?key=bogus');
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json().error.where).toContain('key');
    const tooLarge = await get('/api/analytics/figures/items?key=closed&pageSize=1000');
    expect(tooLarge.statusCode).toBe(400);
    const unknownRound = await get('/api/analytics/figures?roundId=98765');
    expect(unknownRound.statusCode).toBe(404);
    expect(unknownRound.json().error.message).toBe('未找到巡察轮次（98765）');
  });

  it('sends the aggregate notice as .docx', async () => {
    const response = await get('/api/reports/aggregate-notice');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    expect(String(response.headers['content-disposition'])).toContain('.docx');
  });
});
