// The /ws endpoint: @fastify/websocket with a 64 KiB payload cap, an error listener on every socket,
// a heartbeat that terminates dead peers (their runs are then cancelled like on any disconnect), and a
// shutdown that closes every socket with 1001 before the server closes.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { RunManager } from '../runs/run-manager.js';
import { attachClientSession } from '../ws/client-session.js';
import type { RateLimitOptions } from '../ws/rate-limiter.js';
import type { RunStreamOptions } from '../ws/run-stream.js';

export const MAX_PAYLOAD = 64 * 1024;
export const CLOSE_GOING_AWAY = 1001;

export interface EventsWsOptions {
  manager: RunManager;
  stream?: RunStreamOptions;
  rateLimit?: RateLimitOptions;
  /** Ping period, ms; a peer that has not answered the previous ping by the next one is terminated. Default 10 000. */
  heartbeatMs?: number;
  /** How long shutdown waits for clients to answer the 1001 close before cutting them off, ms. Default 1000. */
  closeGraceMs?: number;
}

const alive = new WeakSet<WebSocket>();

export async function registerEventsWs(app: FastifyInstance, options: EventsWsOptions): Promise<void> {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const closeGraceMs = options.closeGraceMs ?? 1000;

  await app.register(websocket, {
    options: { maxPayload: MAX_PAYLOAD, perMessageDeflate: false },
    // Protocol errors (bad frames, oversize messages, invalid UTF-8) already made ws close the socket with
    // the right code; only an error on a socket that is still open needs ending here.
    errorHandler(error, socket) {
      app.log.warn({ err: error }, 'websocket error');
      if (socket.readyState === socket.OPEN) socket.terminate();
    },
    preClose(done) {
      const server = app.websocketServer;
      const clients = [...server.clients];
      let open = clients.length;
      const finish = (): void => {
        clearTimeout(deadline);
        server.close(() => done());
      };
      const deadline = setTimeout(() => {
        for (const client of clients) client.terminate();
      }, closeGraceMs);
      if (open === 0) return finish();
      for (const client of clients) {
        client.once('close', () => {
          if (--open === 0) finish();
        });
        client.close(CLOSE_GOING_AWAY, 'Server shutting down');
      }
    },
  });

  const heartbeat = setInterval(() => {
    for (const socket of app.websocketServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.get('/ws', { websocket: true }, (socket, request) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    attachClientSession(socket, {
      manager: options.manager,
      ...(options.stream ? { stream: options.stream } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      log: request.log,
    });
  });
}
