/**
 * The account API: sign in and out, the current user, changing one's password, and (admin only)
 * listing, creating and changing users, and the offices with their units to assign them to.
 * Each route validates its input, calls one service function and presents the result.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.ts';
import { parseInput } from '../common/parse-input.ts';
import { requireActor, type Actor } from './actor.ts';
import { assertRole } from './scope.rules.ts';
import type { SessionPolicy, SessionService } from './session.service.ts';
import type { UserService } from './user.service.ts';
import {
  ChangePasswordSchema,
  CreateUserSchema,
  LoginSchema,
  UpdateUserSchema,
  UserIdParamsSchema,
} from './user.schema.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'rectify_session';

export interface UserRoutesDependencies {
  sessions: SessionService;
  users: UserService;
  sessionPolicy?: SessionPolicy;
}

function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    // Secure only over HTTPS, so a plain-HTTP intranet install still works.
    secure: request.protocol === 'https',
    expires: new Date(expiresAt),
  });
}

/** Account management is for admins; checked before the body so a non-admin always gets 403. */
function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  assertRole(actor, 'admin');
  return actor;
}

function currentSessionId(request: FastifyRequest): string {
  if (!request.sessionId) throw new AppError('unauthenticated', '请先登录', 'no valid session');
  return request.sessionId;
}

export function registerUserRoutes(app: FastifyInstance, dependencies: UserRoutesDependencies): void {
  const { sessions, users } = dependencies;

  app.post('/api/auth/login', async (request, reply) => {
    const input = parseInput(LoginSchema, request.body);
    const result = await sessions.login(input, request.ip);
    setSessionCookie(request, reply, result.token, result.expiresAt);
    return { user: result.user };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await sessions.logout(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => ({ user: await users.getOwnAccount(requireActor(request)) }));

  app.post('/api/auth/password', async (request, reply) => {
    const actor = requireActor(request);
    const input = parseInput(ChangePasswordSchema, request.body);
    await users.changePassword(actor, currentSessionId(request), input);
    return reply.status(204).send();
  });

  app.get('/api/users', async (request) => ({ users: await users.listUsers(requireAdmin(request)) }));

  app.get('/api/admin/offices', async (request) => ({
    offices: await users.listOffices(requireAdmin(request)),
  }));

  app.post('/api/users', async (request, reply) => {
    const actor = requireAdmin(request);
    const input = parseInput(CreateUserSchema, request.body);
    return reply.status(201).send({ user: await users.createUser(actor, input) });
  });

  app.patch('/api/users/:id', async (request) => {
    const actor = requireAdmin(request);
    const { id } = parseInput(UserIdParamsSchema, request.params, 'params');
    const input = parseInput(UpdateUserSchema, request.body);
    return { user: await users.updateUser(actor, id, input) };
  });

  app.post('/api/users/:id/sessions/revoke', async (request) => {
    const actor = requireAdmin(request);
    const { id } = parseInput(UserIdParamsSchema, request.params, 'params');
    return { revokedSessions: await users.revokeSessions(actor, id) };
  });

  app.post('/api/users/:id/unlock', async (request) => {
    const actor = requireAdmin(request);
    const { id } = parseInput(UserIdParamsSchema, request.params, 'params');
    return { clearedFailures: await users.unlockUserById(actor, id) };
  });
}
