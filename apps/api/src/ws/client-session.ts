// One WebSocket connection on /ws: hello, then each message rate-limited (its own limit and its share of
// the server's budget), parsed, validated and dispatched to the run manager; events go back through one run
// stream per watched run. Handlers are attached synchronously, before anything awaits (a frame must never
// find no listener), and nothing a client sends can throw out of them: a failure is answered with
// ERR_INTERNAL and logged once per connection.
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@forkscope/protocol';
import type { ClientMessage, ServerMessage } from '@forkscope/protocol';
import type { RunClient, RunManager } from '../runs/run-manager.js';
import type { ClassHub } from '../classes/class-hub.js';
import { createClassMember } from '../classes/class-member.js';
import type { MessageBudget } from './message-budget.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { createRunStream, type RunStreamOptions } from './run-stream.js';
import { parseClientMessage } from './validate-client-message.js';

export const CLOSE_POLICY_VIOLATION = 1008;

export interface ClientSessionOptions {
  manager: RunManager;
  stream?: RunStreamOptions;
  rateLimit?: RateLimitOptions;
  /** The server-wide budget this connection shares. */
  budget?: MessageBudget;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The classroom (classes/class-hub.ts): class messages go there. */
  classes?: ClassHub;
  /** The peer's address (the class join limits count per address). */
  address?: string;
}

let nextClientId = 1;

export function attachClientSession(socket: WebSocket, options: ClientSessionOptions): RunClient {
  const { manager, budget, classes } = options;
  const limiter = createRateLimiter(options.rateLimit);
  let failures = 0;

  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const client: RunClient = {
    id: nextClientId++,
    openStream: (runId, source, fromSeq) => createRunStream(runId, source, socket, fromSeq, options.stream),
    send,
  };
  const member = classes ? createClassMember(socket, client.id, options.address ?? 'unknown', send) : null;

  /** Answers a failure of the server's own code: the client learns it, the log gets it once per connection. */
  const internalError = (error: unknown, type: string | null, ref: { ref?: string }): void => {
    if (failures++ === 0) options.log?.error({ err: error, client: client.id }, `websocket message${type ? ` \`${type}\`` : ''} failed`);
    const what = type === null ? 'a message' : `a \`${type}\` message`;
    try {
      send({ type: 'error', code: 'ERR_INTERNAL', message: `The server failed on ${what}; it was not carried out`, ...ref });
    } catch {
      // the socket is going away
    }
  };

  socket.on('error', (error) => options.log?.warn({ err: error, client: client.id }, 'websocket error'));
  socket.on('close', () => {
    try {
      if (member) classes?.gone(member);
      manager.clientGone(client);
    } catch (error) {
      options.log?.error({ err: error, client: client.id }, 'websocket close failed');
    }
  });
  socket.on('message', (data, isBinary) => {
    try {
      receive(data, isBinary);
    } catch (error) {
      internalError(error, null, {});
    }
  });

  function receive(data: WebSocket.RawData, isBinary: boolean): void {
    const now = performance.now();
    const decision = limiter.take(now, budget?.share(client.id, now));
    if (decision === 'refuse') return;
    if (decision === 'close') {
      socket.close(CLOSE_POLICY_VIOLATION, 'Rate limit exceeded');
      return;
    }
    if (decision === 'refuse-and-tell') {
      const { perSecond = 20, burst = 40 } = options.rateLimit ?? {};
      const shared = limiter.rate < perSecond && budget ? ` (now ${limiter.rate.toFixed(1)} per second: the server's ${budget.perSecond} per second are shared by ${budget.active} connections)` : '';
      send({ type: 'error', code: 'ERR_RATE_LIMITED', message: `Too many messages: at most ${perSecond} per second (bursts of ${burst})${shared}; this one was dropped, and the connection closes if it goes on` });
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
    const message = parsed.message;
    dispatch(message).catch((error: unknown) => internalError(error, message.type, ref(message)));
  }

  async function dispatch(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'run': {
        // A student watches the teacher's runs and answers questions; starting runs is the teacher's.
        if (classes?.roleOf(client.id) === 'student') {
          send({ type: 'error', code: 'ERR_NOT_TEACHER', message: 'A student of a class does not start runs: the teacher does, and this page follows them', ...ref(message) });
          return;
        }
        const verdict = await manager.start(client, {
          scenario: message.scenario,
          ...(message.params === undefined ? {} : { params: message.params }),
          ...(message.driver === undefined ? {} : { driver: message.driver }),
          ...(message.ownerKey === undefined ? {} : { ownerKey: message.ownerKey }),
        });
        if (verdict.ok) send({ type: 'run.accepted', runId: verdict.runId, queued: verdict.queued, ...ref(message) });
        else send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      case 'run.edited': {
        const verdict = await manager.startEdited(client, {
          scenario: message.scenario,
          driver: message.driver,
          program: message.program,
          ...(message.params === undefined ? {} : { params: message.params }),
          ...(message.ownerKey === undefined ? {} : { ownerKey: message.ownerKey }),
        });
        if (verdict.ok) send({ type: 'run.accepted', runId: verdict.runId, queued: verdict.queued, ...ref(message) });
        else send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      case 'cancel': {
        const verdict = await manager.cancel(client, message.runId);
        if (!verdict.ok) send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      case 'watch': {
        const verdict = await manager.watch(client, message.runId, message.fromSeq ?? 0, message.ownerKey);
        if (verdict.ok) send({ type: 'watching', runId: message.runId, role: verdict.role, ...ref(message) });
        else send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      case 'unwatch':
        manager.unwatch(client, message.runId);
        return;
      case 'input': {
        const verdict = await manager.input(client, message.runId, message.pid, message.text);
        if (!verdict.ok) send({ type: 'error', code: verdict.code, message: verdict.message, ...fieldOf(verdict), ...ref(message) });
        return;
      }
      default:
        if (!classes || !member) {
          send({ type: 'error', code: 'ERR_UNKNOWN_TYPE', field: 'type', message: `This server has no classroom: \`${message.type}\` is not carried out`, ...ref(message) });
          return;
        }
        await classes.handle(member, message);
    }
  }

  const epoch = manager.epoch;
  send({ type: 'hello', protocol: PROTOCOL_VERSION, serverPid: process.pid, ...(epoch === undefined ? {} : { epoch }) });
  return client;
}

function ref(message: { ref?: string }): { ref?: string } {
  return message.ref === undefined ? {} : { ref: message.ref };
}

function fieldOf(refusal: { field?: string }): { field?: string } {
  return refusal.field === undefined ? {} : { field: refusal.field };
}
