// Installs the access policy (security/access-policy.ts) as the first hook of every request, so a
// refused WebSocket upgrade never reaches the upgrade, and a refused REST call never reaches its route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  checkHost,
  checkToken,
  checkUpgradeOrigin,
  readCookie,
  TOKEN_COOKIE,
  type AccessPolicy,
  type AccessVerdict,
} from '../security/access-policy.js';

/** Paths that need the token (when one is set): the API and the WebSocket. Pages and assets do not. */
function isProtected(url: string): boolean {
  return url === '/ws' || url.startsWith('/ws?') || url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function queryToken(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  return query && typeof query.token === 'string' ? query.token : null;
}

/** The token a request carries: `?token=`, `Authorization: Bearer`, or the cookie. */
export function presentedToken(request: FastifyRequest): string | null {
  const fromQuery = queryToken(request);
  if (fromQuery !== null) return fromQuery;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return readCookie(request.headers.cookie, TOKEN_COOKIE);
}

export function installAccessGuard(app: FastifyInstance, policy: AccessPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    const deny = (verdict: Exclude<AccessVerdict, { ok: true }>): unknown => {
      request.log.warn({ code: verdict.code, url: request.url }, verdict.message);
      if (isUpgrade) {
        // A refused upgrade's socket belongs to nobody (the HTTP server let go of it at 'upgrade'): end it
        // once the answer is out, and cut it off if the peer never closes its side.
        const socket = request.raw.socket;
        reply.raw.once('finish', () => socket.end());
        socket.setTimeout(5000, () => socket.destroy());
      }
      return reply.code(verdict.status).header('connection', 'close').send({ code: verdict.code, message: verdict.message });
    };
    const host = checkHost(policy, request.headers.host);
    if (!host.ok) return deny(host);

    const token = presentedToken(request);
    const tokenOk = checkToken(policy, token);
    if (isProtected(request.url) || isUpgrade) {
      if (!tokenOk.ok) return deny(tokenOk);
      if (isUpgrade) {
        const origin = checkUpgradeOrigin(policy, {
          origin: request.headers.origin,
          hostHeader: request.headers.host,
          tokenPresented: policy.token !== null && tokenOk.ok,
          remoteAddress: request.socket.remoteAddress,
        });
        if (!origin.ok) return deny(origin);
      }
    } else if (policy.token !== null && tokenOk.ok && token !== null && queryToken(request) !== null) {
      // A page opened from the launch URL: remember the token so the page's own API and WebSocket calls carry it.
      reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`);
    }
  });
}
