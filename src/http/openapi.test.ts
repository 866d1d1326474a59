import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createFixedClock } from '../modules/common/clock.ts';
import { buildServer } from './server.ts';

describe('OpenAPI document', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await buildServer({
      database,
      clock: createFixedClock('2026-01-01T00:00:00Z'),
      version: '9.9.9',
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('documents the routes with their input schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.version).toBe('9.9.9');
    const listing = document.paths['/api/ledger'].get;
    expect(listing.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['state', 'overdue', 'q', 'page', 'pageSize']),
    );
    const transition = document.paths['/api/problems/{id}/transitions'].post;
    expect(transition.requestBody.content['application/json'].schema.properties.action.enum).toContain(
      'apply_close',
    );
  });

  it('serves a browsable page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
