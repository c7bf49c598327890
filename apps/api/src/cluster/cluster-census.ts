// What the cluster holds now, as the health endpoint reports it: the workers whose lease is alive, their
// capacity and how busy they say they are, and the runs waiting and live.
import type { Redis } from 'ioredis';
import { KEY } from './cluster-keys.js';
import { parseParams } from './run-feed.js';

export interface Census {
  registered: number;
  capacity: number;
  running: number;
  waiting: number;
  live: number;
}

export const EMPTY_CENSUS: Readonly<Census> = Object.freeze({ registered: 0, capacity: 0, running: 0, waiting: 0, live: 0 });

export async function readCensus(redis: Redis): Promise<Census> {
  const [workers, waiting, live] = await Promise.all([redis.hgetall(KEY.workers), redis.zcard(KEY.waiting), redis.zcard(KEY.live)]);
  const ids = Object.keys(workers);
  const leases = await Promise.all(ids.map((id) => redis.exists(KEY.workerLease(id))));
  const census: Census = { ...EMPTY_CENSUS, waiting, live };
  ids.forEach((id, i) => {
    if (leases[i] !== 1) return;
    const w = parseParams(workers[id]);
    census.registered++;
    census.capacity += Number(w.capacity) || 0;
    census.running += Number(w.running) || 0;
  });
  return census;
}
