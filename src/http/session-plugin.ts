/**
 * Sessions over HTTP: reads the `rectify_session` cookie, resolves it to the Actor (sliding the
 * idle expiry) and puts it on `request.actor` for every route; refuses cross-site writes (same-origin.ts); and
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
import { crossSiteReason } from './same-origin.ts';
import type { LdapConfig } from '../modules/users/ldap-config.ts';
import { createLdapDirectory } from '../modules/users/ldap-directory.ts';

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
  /** RECTIFY_PUBLIC_URL's origin; without it, writes must name the request's own Host. */
  publicOrigin?: string | null;
  /** The LDAP directory, when configured. */
  ldap?: LdapConfig | null;
}

/** Signing in is checked too, so another site cannot sign a browser into an account of its choosing. */
const LOGIN_PATH = '/api/auth/login';

export const sessionPlugin = fastifyPlugin(
  async (app: FastifyInstance, options: SessionPluginOptions) => {
    await app.register(cookie);
    const sessions = createSessionService({
      ...options,
      directory: options.ldap
        ? { config: options.ldap, client: createLdapDirectory(options.ldap) }
        : undefined,
    });
    const users = createUserService(options);
    const sameOrigin = { publicOrigin: options.publicOrigin ?? null };
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionId', null);
    app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token || request.url.split('?')[0] === LOGIN_PATH) {
        const reason = crossSiteReason(request, sameOrigin);
        if (reason) {
          throw new AppError(
            'forbidden',
            '拒绝跨站请求',
            `cross-site ${request.method} ${request.url}: ${reason}`,
          );
        }
      }
      if (!token) return;
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
