/**
 * Cross-site request forgery defence for cookie sessions: a state-changing request must prove
 * it comes from the app's own origin. The proof is, in order:
 *
 * 1. `Sec-Fetch-Site` (sent by every current browser): only `same-origin` or `none` (typed
 *    address, bookmark) pass; `same-site` and `cross-site` are refused.
 * 2. `Origin`: must equal the configured public URL's origin (RECTIFY_PUBLIC_URL), or, without
 *    one, name the same host as the request's Host. `Origin: null` (sandboxed frames,
 *    privacy redirects) is refused.
 * 3. Without an Origin, a `Referer` is checked the same way.
 *
 * A request carrying none of the three did not come from a browser page (browsers send Origin
 * on every cross-origin POST/PUT/PATCH/DELETE), so it cannot be a forged browser request; it is
 * a script holding the cookie itself, and passes. SameSite=Lax on the cookie is the second wall.
 */
import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SameOriginPolicy {
  /** The origin users reach the app at (scheme://host[:port]), or null to compare with Host. */
  publicOrigin: string | null;
}

/** The origin (scheme://host[:port]) of a public URL; throws on an invalid URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

interface HostAndPort {
  hostname: string;
  port: string;
}

/** Host and port of an http(s) URL, the port made explicit (80/443 when implied). */
function hostAndPortOf(url: string): HostAndPort | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return { hostname: parsed.hostname, port: parsed.port || (parsed.protocol === 'https:' ? '443' : '80') };
  } catch {
    return null;
  }
}

/**
 * Whether a URL names the request's Host. A Host without a port matches either default port:
 * behind a TLS-terminating proxy the server cannot tell which one the browser used.
 */
function namesRequestHost(url: string, request: FastifyRequest): boolean {
  const target = hostAndPortOf(url);
  if (!target) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${request.host}`).hostname;
  } catch {
    return false;
  }
  const explicitPort = /:(\d+)$/.exec(request.host)?.[1];
  if (hostname !== target.hostname) return false;
  return explicitPort === undefined
    ? target.port === '80' || target.port === '443'
    : explicitPort === target.port;
}

function matches(url: string, request: FastifyRequest, policy: SameOriginPolicy): boolean {
  if (policy.publicOrigin !== null) {
    try {
      return new URL(url).origin === policy.publicOrigin;
    } catch {
      return false;
    }
  }
  return namesRequestHost(url, request);
}

/** Why a request fails the same-origin proof, or null when it passes (or is a safe method). */
export function crossSiteReason(request: FastifyRequest, policy: SameOriginPolicy): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `Sec-Fetch-Site: ${fetchSite}`;
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    return matches(origin, request, policy) ? null : `Origin: ${origin}`;
  }
  const referer = request.headers.referer;
  if (typeof referer === 'string') {
    return matches(referer, request, policy) ? null : `Referer: ${referer}`;
  }
  return null;
}
