// The WebSocket server, app-wide (fastify-plugin): @fastify/websocket with a 136 KiB payload cap, an error
// listener on every socket, a heartbeat that terminates dead peers (their runs are then cancelled like on
// any disconnect), and a shutdown that closes every socket with 1001 before the server closes. It is
// registered on the whole app so that an upgrade to any route that is not /ws is closed, not left open.
// The /ws route itself, with its own access hooks, is plugins/events-ws.ts.
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import { MAX_PROGRAM_BYTES } from '@forkscope/protocol';

/**
 * A frame. Every message is a few hundred bytes but `run.edited`, whose program (at most MAX_PROGRAM_BYTES of
 * UTF-8) is at most twice as long in JSON (a quote, a backslash, a tab or a line break is written as two
 * characters; the control characters JSON writes as six are refused in a program anyway). Other messages stay
 * bounded by their shape (8 192-character strings) and their schemas.
 */
export const MAX_PAYLOAD = 2 * MAX_PROGRAM_BYTES + 8 * 1024;
export const CLOSE_GOING_AWAY = 1001;

export interface WebsocketServerOptions {
  /** Ping period, ms; a peer that has not answered the previous ping by the next one is terminated. Default 10 000. */
  heartbeatMs?: number;
  /** How long shutdown waits for clients to answer the 1001 close before cutting them off, ms. Default 1000. */
  closeGraceMs?: number;
}

const websocketServer: FastifyPluginAsync<WebsocketServerOptions> = async (app, options) => {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const closeGraceMs = options.closeGraceMs ?? 1000;
  const alive = new WeakSet<WebSocket>();

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

  app.websocketServer.on('connection', (socket: WebSocket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
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
};

export default fp(websocketServer, { fastify: '5.x', name: 'forkscope-websocket-server' });
