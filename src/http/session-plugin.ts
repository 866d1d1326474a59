/**
 * Sessions over HTTP: reads the `rectify_session` cookie, resolves it to the Actor (sliding the
 * idle expiry) and puts it on `request.actor` for every route; refuses cross-site writes; and
 * mounts the account routes. Routes call `requireActor` and `requireRole`.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Database } from '../storage/database.ts';
import { AppError } from '../modules/common/app-error.ts';
import type { Clock } from '../modules/common/clock.ts';
import { requireActor, type Actor } from '../modules/users/actor.ts';
import { assertRole } from '../modules/users/scope.rules.ts';
import { createSessionService, type SessionPolicy } from '../modules/users/session.service.ts';
import { createUserService } from '../modules/users/user.service.ts';
import { registerUserRoutes, SESSION_COOKIE } from '../modules/users/users.routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null for an anonymous request. */
    actor: Actor | null;
    /** The stored id of the request's session, when signed in. */
    sessionId: string | null;
  }
}

export { requireActor };
/** Throws `forbidden` (403) unless the actor has one of the roles. */
export const requireRole = assertRole;

export interface SessionPluginOptions {
  db: Database;
  clock: Clock;
  sessionPolicy?: SessionPolicy;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers; refusing a
 * write whose Origin names another host also covers older browsers and same-site subdomains.
 */
function isCrossOriginWrite(request: FastifyRequest): boolean {
  if (safeMethods.has(request.method)) return false;
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

export const sessionPlugin = fastifyPlugin(
  async (app: FastifyInstance, options: SessionPluginOptions) => {
    await app.register(cookie);
    const sessions = createSessionService(options);
    const users = createUserService(options);
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionId', null);
    app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      if (isCrossOriginWrite(request)) {
        throw new AppError(
          'forbidden',
          '拒绝跨站请求',
          `cross-origin ${request.method} from ${request.headers.origin}`,
        );
      }
      const resolved = await sessions.resolveSession(token);
      request.actor = resolved?.actor ?? null;
      request.sessionId = resolved?.sessionId ?? null;
    });
    registerUserRoutes(app, { sessions, users, sessionPolicy: options.sessionPolicy });
  },
  { name: 'rectify-sessions' },
);

/** Mounts sessions and the account routes on the server (one call from `buildServer`). */
export function registerSessions(app: FastifyInstance, options: SessionPluginOptions): void {
  void app.register(sessionPlugin, options);
}
