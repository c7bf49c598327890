// Answers a refused request with its coded verdict. A refused WebSocket upgrade's socket belongs to nobody
// (the HTTP server let go of it at 'upgrade'): it is ended once the answer is out, and cut off if the peer
// never closes its side.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessVerdict } from './access-policy.js';

export function isUpgradeRequest(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

export function deny(request: FastifyRequest, reply: FastifyReply, verdict: Exclude<AccessVerdict, { ok: true }>): FastifyReply {
  request.log.warn({ code: verdict.code, route: request.routeOptions.url ?? null }, verdict.message);
  if (isUpgradeRequest(request)) {
    const socket = request.raw.socket;
    reply.raw.once('finish', () => socket.end());
    socket.setTimeout(5000, () => socket.destroy());
  }
  return reply.code(verdict.status).header('connection', 'close').send({ code: verdict.code, message: verdict.message });
}
