/** `GET /api/health`: liveness plus which database answers, for operators and load balancers. */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Dialect } from '../../storage/migrations/migration-helpers.ts';

export interface HealthDependencies {
  db: Database;
  dialect: Dialect;
  version: string;
}

export function registerHealthRoutes(app: FastifyInstance, dependencies: HealthDependencies): void {
  app.get('/api/health', async (_request, reply) => {
    let isDatabaseUp = true;
    try {
      await sql`select 1`.execute(dependencies.db);
    } catch {
      isDatabaseUp = false;
    }
    void reply.status(isDatabaseUp ? 200 : 503);
    return { ok: isDatabaseUp, database: dependencies.dialect, version: dependencies.version };
  });
}
