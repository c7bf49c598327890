// A real `ws` client for tests: records every server message and lets a test await the first one that
// matches (already received or yet to come), and the close code. No timers: the test timeout bounds waits.
import { once } from 'node:events';
import WebSocket, { type ClientOptions } from 'ws';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';

export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[];
  send(message: unknown): void;
  /** The first message (from the start) matching `predicate`. */
  waitFor<T extends ServerMessage = ServerMessage>(predicate: (m: ServerMessage) => boolean): Promise<T>;
  /** Every event of `runId` received so far, in arrival order. */
  events(runId: string): ForkscopeEvent[];
  /** Resolves once run.ended of `runId` has arrived; returns all its events. */
  runEnded(runId: string): Promise<ForkscopeEvent[]>;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options);
  const messages: ServerMessage[] = [];
  const waiters: { predicate: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  ws.on('error', () => {}); // the close code is what tests assert on
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`Unexpected server response: ${res.statusCode}`)));
    ws.once('error', reject);
  });

  const client: TestClient = {
    ws,
    messages,
    closed,
    send: (message) => ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message)),
    waitFor<T extends ServerMessage>(predicate: (m: ServerMessage) => boolean) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found as T);
      return new Promise<T>((resolve) => waiters.push({ predicate, resolve: resolve as (m: ServerMessage) => void }));
    },
    events: (runId) =>
      messages.flatMap((m) => (m.type === 'events' && m.runId === runId ? m.events : [])),
    async runEnded(runId) {
      await client.waitFor((m) => m.type === 'events' && m.runId === runId && m.events.some((e) => e.type === 'run.ended'));
      return client.events(runId);
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return client;
}

/** The HTTP status a refused upgrade gets. */
export async function upgradeStatus(url: string, options: ClientOptions = {}): Promise<number> {
  const ws = new WebSocket(url, options);
  ws.on('error', () => {});
  const [, response] = (await Promise.race([
    once(ws, 'unexpected-response'),
    once(ws, 'open').then(() => [null, { statusCode: 101 }]),
  ])) as [unknown, { statusCode: number }];
  ws.terminate();
  return response.statusCode;
}
