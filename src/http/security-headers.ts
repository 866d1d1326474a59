/**
 * Security headers on every response: a strict Content-Security-Policy (no inline or foreign
 * script; inline styles only, because Ant Design's CSS-in-JS injects <style> tags), frame
 * denial, no MIME sniffing, a same-origin Referrer-Policy, and HSTS when the request came over
 * HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto). The Swagger UI under
 * /api/docs gets its own policy; a route that sets its own CSP (evidence downloads) keeps it.
 */
import type { FastifyInstance } from 'fastify';

/** The web app's policy: scripts only from this origin, no plugins, no framing, no foreign forms. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The API browser's policy (/api/docs only): Swagger UI also loads its own scripts and styles
 * from this origin and draws icons from data: URIs; it additionally needs inline styles.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** One year, the usual preload-ready value; only ever sent over HTTPS. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) {
      const isDocs = request.url === '/api/docs' || request.url.startsWith('/api/docs/');
      void reply.header('content-security-policy', isDocs ? DOCS_CSP : APP_CSP);
    }
    void reply.header('x-frame-options', 'DENY');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS_VALUE);
    return payload;
  });
}
