// What every node and worker makes sure of whenever its connection to Redis is (again) ready: the queue's
// consumer group exists, and which epoch this Redis is in.
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KEY, QUEUE_GROUP } from './cluster-keys.js';

/** Creates the queue and its group when missing (a new or restarted Redis); `0`: entries already there are work too. */
export async function ensureQueueGroup(redis: Redis): Promise<void> {
  try {
    await redis.xgroup('CREATE', KEY.queue, QUEUE_GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!/BUSYGROUP/.test((error as Error).message)) throw error;
  }
}

/**
 * This Redis's epoch: set once by whoever asks first after it started empty. Pages get it in `hello`; the
 * same epoch on another node means the runs they follow are still there.
 */
export async function readEpoch(redis: Redis): Promise<number> {
  await redis.set(KEY.epoch, String(randomInt(1, 2 ** 47)), 'NX');
  const value = Number(await redis.get(KEY.epoch));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`Redis key ${KEY.epoch} holds no epoch`);
  return value;
}
