// One API node's reader of live runs' event streams: a single XREAD BLOCK over every stream the node
// follows, each from the last entry it applied, on a connection of its own. A node reads each run once,
// however many of its clients watch it (they share the node's copy through their own cursors). When the set
// of followed runs changes, the blocked read is cut short with CLIENT UNBLOCK and issued again.
import type { Redis } from 'ioredis';
import { KEY } from './cluster-keys.js';

export type StreamEntry = [id: string, fields: string[]];

export interface Followed {
  readonly runId: string;
  /** The id of the last entry applied: the read continues after it. */
  readonly lastId: string;
  apply(entries: StreamEntry[]): void;
}

export interface StreamFollower {
  follow(stream: Followed): void;
  unfollow(runId: string): void;
  readonly size: number;
  close(): Promise<void>;
}

const BLOCK_MS = 5000;
const COUNT = 1000;
const RETRY_MS = 200;

export function createStreamFollower(reader: Redis, control: Redis, onError: (error: unknown) => void): StreamFollower {
  const followed = new Map<string, Followed>();
  let readerId: number | null = null;
  let blocked = false;
  let closed = false;
  let wake: (() => void) | null = null;

  const learnId = (): void => {
    reader.client('ID').then(
      (id) => {
        readerId = Number(id);
      },
      () => {
        readerId = null;
      },
    );
  };
  reader.on('ready', learnId);
  if (reader.status === 'ready') learnId();

  /** The set changed: a blocked read is cut short so that the next one covers it. */
  const changed = (): void => {
    wake?.();
    if (blocked && readerId !== null) control.client('UNBLOCK', readerId).catch(() => {});
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    while (!closed) {
      if (followed.size === 0 || reader.status !== 'ready') {
        await pause(followed.size === 0 ? 60_000 : RETRY_MS);
        continue;
      }
      const streams = [...followed.values()];
      let reply: [string, StreamEntry[]][] | null;
      blocked = true;
      try {
        reply = (await reader.xread('COUNT', COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...streams.map((s) => KEY.events(s.runId)), ...streams.map((s) => s.lastId))) as
          | [string, StreamEntry[]][]
          | null;
      } catch (error) {
        blocked = false;
        if (closed) return;
        if (reader.status === 'ready') onError(error);
        await pause(RETRY_MS);
        continue;
      } finally {
        blocked = false;
      }
      for (const [key, entries] of reply ?? []) {
        const stream = followed.get(key.slice(KEY.events('').length));
        if (!stream) continue;
        try {
          stream.apply(entries);
        } catch (error) {
          onError(error);
        }
      }
    }
  }
  const running = loop();

  return {
    get size() {
      return followed.size;
    },
    follow(stream) {
      followed.set(stream.runId, stream);
      changed();
    },
    unfollow(runId) {
      if (followed.delete(runId)) changed();
    },
    async close() {
      closed = true;
      changed();
      reader.off('ready', learnId);
      await running;
    },
  };
}
