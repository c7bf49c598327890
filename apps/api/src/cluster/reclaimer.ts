// Finds the work of workers that stopped: every node and every worker runs one, so a dead worker is noticed
// even when no other worker is left. A worker renews its queue entries every heartbeat (XCLAIM resets their
// idle time); XAUTOCLAIM hands over those idle for `stallMs`, and the reclaim script decides, atomically:
// a run that had been taken is interrupted (never run twice), one that was only delivered goes back to the
// queue. Workers whose lease expired are then unregistered once nothing is pending in their name.
import type { Redis } from 'ioredis';
import { KEY, QUEUE_GROUP } from './cluster-keys.js';
import type { EndMarker } from './cluster-scripts.js';
import type { ClusterRedis } from './redis-connection.js';
import type { ClusterTimings } from './cluster-timings.js';

export interface ReclaimerOptions {
  /** This process's consumer name in the queue group (entries it reclaims pass through its list). */
  consumer: string;
  timings: ClusterTimings;
  onError: (error: unknown) => void;
  /** Told of each run it interrupted (for logs and tests). */
  onInterrupted?: (runId: string) => void;
}

export interface Reclaimer {
  /** One pass now (the timer does the same every `reclaimEveryMs`). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export function interruptedMarker(runId: string, stallMs: number): EndMarker {
  return {
    kind: 'error',
    code: 'ERR_RUN_INTERRUPTED',
    message: `Run "${runId}" was interrupted: its worker stopped renewing its claim for ${stallMs / 1000} s (it was killed, or cut off from Redis); its events and its recording end where it was cut off`,
  };
}

/** Consumers with nothing pending and idle this long leave the queue group (a worker's is made again when it reads). */
const FORGET_CONSUMER_MS = 60_000;

export function startReclaimer(redis: ClusterRedis, options: ReclaimerOptions): Reclaimer {
  const { consumer, timings } = options;
  let current: Promise<void> | null = null;
  let stopped = false;

  async function pass(): Promise<void> {
    if (redis.status !== 'ready') return;
    let cursor = '0-0';
    do {
      const reply = (await redis.xautoclaim(KEY.queue, QUEUE_GROUP, consumer, timings.stallMs, cursor, 'COUNT', 32)) as [string, [string, string[] | null][]];
      cursor = reply[0];
      for (const [entryId, fields] of reply[1]) {
        const runId = fieldOf(fields, 'run');
        if (runId === null) {
          await redis.xack(KEY.queue, QUEUE_GROUP, entryId);
          await redis.xdel(KEY.queue, entryId);
          continue;
        }
        const marker = JSON.stringify(interruptedMarker(runId, timings.stallMs));
        const result = await redis.fsReclaim(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, KEY.waiting, runId, entryId, marker, timings.streamTtlSec);
        if (result === 'interrupted') options.onInterrupted?.(runId);
      }
    } while (cursor !== '0-0' && !stopped);
    await forgetDeadWorkers(redis);
  }

  const sweep = (): Promise<void> => {
    current ??= pass()
      .catch((error: unknown) => {
        if (redis.status === 'ready') options.onError(error);
      })
      .finally(() => {
        current = null;
      });
    return current;
  };
  const timer = setInterval(() => void sweep(), timings.reclaimEveryMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}

/**
 * Workers whose lease expired leave the registry; consumers with nothing pending that have been idle for a
 * minute leave the queue group (a live worker's consumer is made again by its next read).
 */
async function forgetDeadWorkers(redis: Redis): Promise<void> {
  const ids = await redis.hkeys(KEY.workers);
  for (const id of ids) {
    if ((await redis.exists(KEY.workerLease(id))) === 0) await redis.hdel(KEY.workers, id);
  }
  const consumers = (await redis.xinfo('CONSUMERS', KEY.queue, QUEUE_GROUP)) as string[][];
  for (const fields of consumers) {
    const name = fieldOf(fields, 'name');
    const pending = Number(fieldOf(fields, 'pending'));
    const idle = Number(fieldOf(fields, 'idle'));
    if (name !== null && pending === 0 && idle > FORGET_CONSUMER_MS) await redis.xgroup('DELCONSUMER', KEY.queue, QUEUE_GROUP, name);
  }
}

export function fieldOf(fields: readonly unknown[] | null, name: string): string | null {
  if (!fields) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return String(fields[i + 1]);
  return null;
}
