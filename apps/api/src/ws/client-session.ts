// One WebSocket connection on /ws: hello, then each message rate-limited, parsed, validated and
// dispatched to the run manager; events go back through one run stream per watched run.
// Handlers are attached synchronously, before anything awaits (a frame must never find no listener).
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@forkscope/protocol';
import type { ClientMessage, ServerMessage } from '@forkscope/protocol';
import type { RunClient, RunManager } from '../runs/run-manager.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { createRunStream, type RunStreamOptions } from './run-stream.js';
import { parseClientMessage } from './validate-client-message.js';

export const CLOSE_POLICY_VIOLATION = 1008;

export interface ClientSessionOptions {
  manager: RunManager;
  stream?: RunStreamOptions;
  rateLimit?: RateLimitOptions;
  log?: { warn(obj: object, msg: string): void };
}

let nextClientId = 1;

export function attachClientSession(socket: WebSocket, options: ClientSessionOptions): RunClient {
  const { manager } = options;
  const limiter = createRateLimiter(options.rateLimit);

  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const client: RunClient = {
    id: nextClientId++,
    openStream: (runId, source, fromSeq) => createRunStream(runId, source, socket, fromSeq, options.stream),
    send,
  };

  socket.on('error', (error) => options.log?.warn({ err: error, client: client.id }, 'websocket error'));
  socket.on('close', () => manager.clientGone(client));
  socket.on('message', (data, isBinary) => {
    const decision = limiter.take();
    if (decision === 'refuse') return;
    if (decision === 'close') {
      socket.close(CLOSE_POLICY_VIOLATION, 'Rate limit exceeded');
      return;
    }
    if (decision === 'refuse-and-tell') {
      const { perSecond = 20, burst = 40 } = options.rateLimit ?? {};
      send({ type: 'error', code: 'ERR_RATE_LIMITED', message: `Too many messages: at most ${perSecond} per second (bursts of ${burst}); this one was dropped, and the connection closes if it goes on` });
      return;
    }
    if (isBinary) {
      send({ type: 'error', code: 'ERR_BAD_MESSAGE', field: '(message)', message: 'Binary frames are not accepted: send JSON text' });
      return;
    }
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      const { ok: _ok, ...error } = parsed;
      send({ type: 'error', ...error });
      return;
    }
    dispatch(parsed.message).catch((error: unknown) => {
      options.log?.warn({ err: error, client: client.id }, 'websocket message failed');
      send({ type: 'error', code: 'ERR_INTERNAL', message: `The server failed on a \`${parsed.message.type}\` message: ${(error as Error).message}`, ...ref(parsed.message) });
    });
  });

  async function dispatch(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'run': {
        const verdict = manager.start(client, {
          scenario: message.scenario,
          ...(message.params === undefined ? {} : { params: message.params }),
          ...(message.driver === undefined ? {} : { driver: message.driver }),
        });
        if (verdict.ok) send({ type: 'run.accepted', runId: verdict.runId, queued: verdict.queued, ...ref(message) });
        else send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      case 'cancel':
        if (!manager.cancel(message.runId)) {
          send({ type: 'error', code: 'ERR_UNKNOWN_RUN', field: 'runId', message: `No queued or running run "${message.runId}" to cancel`, ...ref(message) });
        }
        return;
      case 'watch':
        if (!(await manager.watch(client, message.runId, message.fromSeq ?? 0))) {
          send({ type: 'error', code: 'ERR_UNKNOWN_RUN', field: 'runId', message: `No run "${message.runId}", live or recorded`, ...ref(message) });
        }
        return;
      case 'unwatch':
        manager.unwatch(client, message.runId);
        return;
      case 'input': {
        const verdict = manager.input(message.runId, message.pid, message.text);
        if (!verdict.ok) send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
    }
  }

  send({ type: 'hello', protocol: PROTOCOL_VERSION, serverPid: process.pid });
  return client;
}

function ref(message: { ref?: string }): { ref?: string } {
  return message.ref === undefined ? {} : { ref: message.ref };
}

function fieldOf(refusal: { field?: string }): { field?: string } {
  return refusal.field === undefined ? {} : { field: refusal.field };
}
