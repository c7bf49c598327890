// `/ws`, an encapsulated plugin registered with `prefix: '/ws'`: its own access hook (the token, then the
// Origin of the handshake, then the server's connection cap) runs before any upgrade; each connection then
// gets a client session that shares the server-wide message budget.
import type { FastifyPluginAsync } from 'fastify';
import type { RunManager } from '../runs/run-manager.js';
import type { ClassHub } from '../classes/class-hub.js';
import { checkToken, checkUpgradeOrigin, type AccessPolicy } from '../security/access-policy.js';
import { deny } from '../security/deny.js';
import { presentedToken } from '../security/presented-token.js';
import { attachClientSession } from '../ws/client-session.js';
import { createMessageBudget, type MessageBudgetOptions } from '../ws/message-budget.js';
import type { RateLimitOptions } from '../ws/rate-limiter.js';
import type { RunStreamOptions } from '../ws/run-stream.js';

export interface EventsWsOptions {
  policy: AccessPolicy;
  manager: RunManager;
  stream?: RunStreamOptions;
  rateLimit?: RateLimitOptions;
  budget?: MessageBudgetOptions;
  /**
   * Open connections the server holds at most; a handshake beyond it is refused with 503. Default 512: a
   * class of 250 (the largest a lesson tool admits) twice over, each connection costing tens of KiB.
   */
  maxConnections?: number;
  classes?: ClassHub;
}

export const DEFAULT_MAX_CONNECTIONS = 512;

const eventsWs: FastifyPluginAsync<EventsWsOptions> = async (app, options) => {
  const { policy, manager } = options;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const budget = createMessageBudget(options.budget);

  app.addHook('onRequest', async (request, reply) => {
    const token = checkToken(policy, presentedToken(request));
    if (!token.ok) return deny(request, reply, token);
    const origin = checkUpgradeOrigin(policy, {
      origin: request.headers.origin,
      hostHeader: request.headers.host,
      tokenPresented: policy.token !== null,
      remoteAddress: request.socket.remoteAddress,
    });
    if (!origin.ok) return deny(request, reply, origin);
    if (app.websocketServer.clients.size >= maxConnections) {
      return deny(request, reply, {
        ok: false,
        status: 503,
        code: 'ERR_TOO_MANY_CONNECTIONS',
        message: `The server holds ${maxConnections} connections, its most; try again when some have closed`,
      });
    }
  });

  app.get('/', { websocket: true }, (socket, request) => {
    attachClientSession(socket, {
      manager,
      budget,
      ...(options.stream ? { stream: options.stream } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.classes ? { classes: options.classes } : {}),
      address: request.socket.remoteAddress ?? 'unknown',
      log: request.log,
    });
  });
};

export default eventsWs;
