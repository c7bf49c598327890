// The token hook of a protected plugin (/api, /ws, and the 404s): a request without the server's token is
// refused with 401 before its route runs. Nothing to do when the server requires no token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkToken, type AccessPolicy } from './access-policy.js';
import { deny } from './deny.js';
import { presentedToken } from './presented-token.js';

export function requireToken(policy: AccessPolicy) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (policy.token === null) return undefined;
    const verdict = checkToken(policy, presentedToken(request));
    return verdict.ok ? undefined : deny(request, reply, verdict);
  };
}
