/**
 * Builds the HTTP server: Fastify with the error mapping and every module's routes. The caller
 * owns the database and listening; tests drive the same app in process.
 */
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../storage/database.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { Clock } from '../modules/common/clock.ts';
import { registerHealthRoutes } from '../modules/system/health.routes.ts';
import { registerLedgerRoutes } from '../modules/ledger/ledger.routes.ts';
import { registerAnalyticsRoutes } from '../modules/analytics/analytics.routes.ts';
import { registerReportRoutes } from '../modules/reports/reports.routes.ts';
import { registerEvidenceRoutes } from '../modules/evidence/evidence.routes.ts';
import { registerEventRoutes } from '../modules/events/events.routes.ts';
import { registerInspectionRoutes } from '../modules/inspections/inspection.routes.ts';
import { registerImportRoutes } from '../modules/imports/import.routes.ts';
import { registerProblemRoutes } from '../modules/problems/problem.routes.ts';
import { registerCommentRoutes } from '../modules/comments/comment.routes.ts';
import { registerRegistersRoutes } from '../modules/registers/registers.routes.ts';
import { registerCalendarRoutes } from '../modules/deadlines/calendar.routes.ts';
import { registerQualityRoutes } from '../modules/quality/quality.routes.ts';
import { registerSupervisionRoutes } from '../modules/supervision/supervision.routes.ts';
import { registerSupervisionNoticeRoutes } from '../modules/supervision/supervision-notice.routes.ts';
import { registerNotificationRoutes } from '../modules/notifications/notification.routes.ts';
import { registerNotificationChannelRoutes } from '../modules/notifications/notification-channels.routes.ts';
import { createChannels, type Channels } from '../modules/supervision/channels/channel-senders.ts';
import { registerOrganisationRoutes } from '../modules/organisation/organisation.routes.ts';
import { registerLookbackRoutes } from '../modules/lookbacks/lookback.routes.ts';
import { registerFeedbackRoutes } from '../modules/feedback/feedback.routes.ts';
import { createFeedbackService } from '../modules/feedback/feedback.service.ts';
import { registerPublicSite } from '../modules/public-site/public-site.routes.ts';
import { createFileStore } from '../storage/file-store.ts';
import { describeError, handleError } from './error-mapping.ts';
import { registerSearchRoutes } from '../modules/search/search.routes.ts';
import { registerOpenApi } from './openapi.ts';
import { registerWebApp } from './web-app.ts';
import { registerSessions } from './session-plugin.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { crossSiteReason } from './same-origin.ts';
import { logRedaction } from './log-redaction.ts';
import type { TrustProxySetting } from '../config.ts';
import type { SessionPolicy } from '../modules/users/session.service.ts';
import type { LdapConfig } from '../modules/users/ldap-config.ts';

export interface ServerDependencies {
  database: DatabaseHandle;
  clock: Clock;
  version: string;
  logLevel?: string;
  /** Where evidence files are kept; app.ts passes the data folder's store. */
  fileStore?: FileStore;
  /** Evidence upload limit in bytes. */
  evidenceMaxBytes?: number;
  /** RECTIFY_PUBLIC_URL's origin, for the same-origin check of writes. */
  publicOrigin?: string | null;
  /** Fastify's trustProxy (RECTIFY_TRUST_PROXY): believe X-Forwarded-For/-Proto/-Host. */
  trustProxy?: TrustProxySetting;
  /** Session idle/absolute expiry; the users module's defaults otherwise. */
  sessionPolicy?: SessionPolicy;
  /** The LDAP directory for logins of non-local accounts (RECTIFY_LDAP_URL). */
  ldap?: LdapConfig | null;
  /** The notification senders (e-mail when SMTP is configured; robots always) for test messages. */
  channels?: Channels;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/** Upload and request body limit in bytes. */
export const BODY_LIMIT_BYTES = 25 * 1024 * 1024;

/** A hop count becomes the equivalent function (Fastify's types do not list numbers). */
function toFastifyTrustProxy(
  setting: TrustProxySetting,
): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

export async function buildServer(dependencies: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: dependencies.logLevel ?? 'info',
      redact: logRedaction,
      ...(dependencies.logStream ? { stream: dependencies.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: toFastifyTrustProxy(dependencies.trustProxy ?? false),
  });
  app.setErrorHandler(handleError);
  registerSecurityHeaders(app);
  await registerOpenApi(app, dependencies.version);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: `未找到 ${request.method} ${request.url}` } });
  });
  registerSessions(app, {
    db: dependencies.database.db,
    clock: dependencies.clock,
    sessionPolicy: dependencies.sessionPolicy,
    publicOrigin: dependencies.publicOrigin,
    ldap: dependencies.ldap ?? null,
  });
  registerHealthRoutes(app, {
    db: dependencies.database.db,
    dialect: dependencies.database.dialect,
    version: dependencies.version,
  });
  registerLedgerRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerEvidenceRoutes(app, {
    db: dependencies.database.db,
    clock: dependencies.clock,
    fileStore: dependencies.fileStore,
    maxBytes: dependencies.evidenceMaxBytes,
  });
  registerEventRoutes(app, { db: dependencies.database.db });
  registerAnalyticsRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerReportRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerInspectionRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerImportRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerProblemRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerCommentRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerRegistersRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerCalendarRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerQualityRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerSupervisionRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerSupervisionNoticeRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerNotificationRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerNotificationChannelRoutes(app, {
    db: dependencies.database.db,
    clock: dependencies.clock,
    channels: dependencies.channels ?? createChannels({}),
  });
  registerOrganisationRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  registerLookbackRoutes(app, { db: dependencies.database.db, clock: dependencies.clock });
  const feedback = createFeedbackService({
    db: dependencies.database.db,
    clock: dependencies.clock,
    fileStore:
      dependencies.fileStore ?? createFileStore(path.join(os.tmpdir(), 'rectify-feedback-unconfigured')),
  });
  registerFeedbackRoutes(app, { feedback });
  const sameOrigin = { publicOrigin: dependencies.publicOrigin ?? null };
  await registerPublicSite(app, {
    db: dependencies.database.db,
    clock: dependencies.clock,
    feedback,
    crossSiteReason: (request) => crossSiteReason(request, sameOrigin),
    describeError,
  });
  registerSearchRoutes(app, { db: dependencies.database.db });
  await registerWebApp(app);
  return app;
}
