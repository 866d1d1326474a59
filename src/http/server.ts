/**
 * Builds the HTTP server: Fastify with the error mapping and every module's routes. The caller
 * owns the database and listening; tests drive the same app in process.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../storage/database.ts';
import type { Clock } from '../modules/common/clock.ts';
import { registerHealthRoutes } from '../modules/system/health.routes.ts';
import { registerLedgerRoutes } from '../modules/ledger/ledger.routes.ts';
import { registerInspectionRoutes } from '../modules/inspections/inspection.routes.ts';
import { registerImportRoutes } from '../modules/imports/import.routes.ts';
import { handleError } from './error-mapping.ts';
import { registerOpenApi } from './openapi.ts';
import { registerWebApp } from './web-app.ts';
import { registerSessions } from './session-plugin.ts';

export interface ServerDependencies {
  database: DatabaseHandle;
  clock: Clock;
  version: string;
  logLevel?: string;
}

/** Upload and request body limit in bytes. */
export const BODY_LIMIT_BYTES = 25 * 1024 * 1024;

export async function buildServer(dependencies: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: dependencies.logLevel ?? 'info' },
    bodyLimit: BODY_LIMIT_BYTES,
  });
  app.setErrorHandler(handleError);
  await registerOpenApi(app, dependencies.version);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: `未找到 ${request.method} ${request.url}` } });
  });
  registerSessions(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerHealthRoutes(app, {
    db: dependencies.database.db,
    dialect: dependencies.database.dialect,
    version: dependencies.version,
  });
  registerLedgerRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerInspectionRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerImportRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  await registerWebApp(app);
  return app;
}
