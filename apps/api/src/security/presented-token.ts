// The token a request carries: `?token=`, `Authorization: Bearer`, or the cookie (parsed by @fastify/cookie,
// which leaves a malformed value as it is: it then simply is not the token).
import type { FastifyRequest } from 'fastify';
import { TOKEN_COOKIE } from './access-policy.js';

export function queryToken(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  return query && typeof query.token === 'string' ? query.token : null;
}

export function presentedToken(request: FastifyRequest): string | null {
  const fromQuery = queryToken(request);
  if (fromQuery !== null) return fromQuery;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const cookie = request.cookies?.[TOKEN_COOKIE];
  return typeof cookie === 'string' ? cookie : null;
}
