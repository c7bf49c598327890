// The run's state machine, script by script, against a real redis-server: each transition happens only from
// the state it starts from, so a late or duplicate command changes nothing, and nothing re-creates a run
// that is gone.
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY, QUEUE_GROUP } from '../../src/cluster/cluster-keys.js';
import { ensureQueueGroup, readEpoch } from '../../src/cluster/cluster-setup.js';
import { closeRedis, connectRedis, type ClusterRedis } from '../../src/cluster/redis-connection.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
let redis: ClusterRedis;
const TTL = 60;

const admit = (runId: string, maxQueued = 8, owner = '') =>
  redis.fsAdmit(KEY.run(runId), KEY.waiting, KEY.ticket, KEY.live, KEY.queue, KEY.workers, runId, maxQueued, 1000, 'pids', 'node', '{"count":1}', owner, 16384, TTL, KEY.workerLease('')) as Promise<number[]>;
const entryOf = (runId: string) => redis.hget(KEY.run(runId), 'entry') as Promise<string>;
const stateOf = (runId: string) => redis.hget(KEY.run(runId), 'state');
const take = async (runId: string, worker = 'w1', entry?: string) => redis.fsTake(KEY.run(runId), KEY.waiting, KEY.queue, runId, worker, entry ?? (await entryOf(runId)), 2000) as Promise<unknown[]>;
const marker = (code: string) => JSON.stringify({ kind: 'error', code, message: 'm' });
const reclaim = async (runId: string, entry?: string) =>
  redis.fsReclaim(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, KEY.waiting, runId, entry ?? (await entryOf(runId)), marker('ERR_RUN_INTERRUPTED'), TTL);
const cancel = (runId: string, token = '') => redis.fsCancel(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, KEY.waiting, runId, marker('ERR_CANCELLED'), TTL, KEY.control(''), token);
const append = (runId: string, worker: string, ...seqs: number[]) =>
  redis.fsAppend(KEY.run(runId), KEY.events(runId), worker, 1000, TTL, ...seqs.flatMap((seq) => [`0-${seq + 1}`, JSON.stringify({ seq })]));
const streamIds = async (runId: string) => ((await redis.xrange(KEY.events(runId), '-', '+')) as [string, string[]][]).map(([id, f]) => `${id} ${f[0]}`);

describe('the run scripts', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    redis = connectRedis(server.url, { name: 'test' });
    if (redis.status !== 'ready') await once(redis, 'ready');
  });
  afterAll(async () => {
    await closeRedis(redis);
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushall();
    await ensureQueueGroup(redis);
  });

  it('admits up to the queue cap, saying each run\'s place in line, and never twice under one id', async () => {
    expect(await admit('a', 2)).toEqual([1, 1, 0]);
    expect(await admit('b', 2)).toEqual([1, 2, 0]);
    expect(await admit('c', 2)).toEqual([0, 2]);
    expect(await admit('a', 3)).toEqual([-1]);
    expect(await redis.xlen(KEY.queue)).toBe(2);
    expect(await redis.ttl(KEY.run('a'))).toBeGreaterThan(0);
  });

  it('counts free slots from the leased workers\' capacity less the runs they took', async () => {
    await redis.hset(KEY.workers, 'w1', JSON.stringify({ capacity: 2, running: 0 }), 'gone', JSON.stringify({ capacity: 9, running: 0 }));
    await redis.set(KEY.workerLease('w1'), '1');
    await admit('a');
    await take('a');
    expect(await admit('b')).toEqual([1, 1, 1]); // 2 slots, 1 taken; the worker without a lease counts nothing
  });

  it('takes a queued run once: a second take, or a take of a cancelled run, drops the entry', async () => {
    await admit('a');
    const entry = await entryOf('a');
    expect(await take('a', 'w1', entry)).toEqual([1, 'pids', 'node', '{"count":1}', '16384']);
    expect(await stateOf('a')).toBe('running');
    expect(await redis.zcard(KEY.waiting)).toBe(0);
    expect(await take('a', 'w2', entry)).toEqual([0]);
    expect(await redis.hget(KEY.run('a'), 'worker')).toBe('w1');

    await admit('b');
    expect(await cancel('b')).toBe('queued');
    expect(await take('b')).toEqual([0]);
    expect(await redis.xlen(KEY.queue)).toBe(0);
    expect(await streamIds('b')).toEqual(['0-1 end']);
    expect(await redis.ttl(KEY.events('b'))).toBeGreaterThan(0);
  });

  it('appends with the events\' own ids, skipping what is there, and only for the worker that took the run', async () => {
    await admit('a');
    await take('a');
    expect(await append('a', 'w2', 0)).toBe(0);
    expect(await append('a', 'w1', 0, 1)).toBe(1);
    expect(await append('a', 'w1', 1, 2)).toBe(1); // a batch sent twice
    expect(await streamIds('a')).toEqual(['0-1 e', '0-2 e', '0-3 e']);
    expect(await redis.ttl(KEY.events('a'))).toBeGreaterThan(0);
    // Nothing is appended to a run that is gone (expired, or lost with a restarted Redis).
    expect(await append('nope', 'w1', 0)).toBe(0);
    expect(await redis.exists(KEY.events('nope'), KEY.run('nope'))).toBe(0);
  });

  it('finishes only the worker\'s own running run, after its last event, and lets it expire', async () => {
    await admit('a');
    await take('a');
    await append('a', 'w1', 0, 1);
    const finish = (worker: string) => redis.fsFinish(KEY.run('a'), KEY.events('a'), KEY.live, KEY.queue, 'a', worker, JSON.stringify({ kind: 'ended', status: 'completed' }), 5, 'completed');
    expect(await finish('w2')).toBe(0);
    expect(await finish('w1')).toBe(1);
    expect(await finish('w1')).toBe(0);
    expect(await streamIds('a')).toEqual(['0-1 e', '0-2 e', '0-3 end']);
    expect(await redis.ttl(KEY.events('a'))).toBeLessThanOrEqual(5);
    expect(await redis.ttl(KEY.run('a'))).toBeLessThanOrEqual(5);
    expect([await redis.zcard(KEY.live), await redis.xlen(KEY.queue)]).toEqual([0, 0]);
  });

  it('reclaims: a taken run is interrupted (its late events refused), an untaken one queued again, anything else dropped', async () => {
    await admit('ran');
    await take('ran');
    await append('ran', 'w1', 0);
    const entry = await entryOf('ran');
    expect(await reclaim('ran', entry)).toBe('interrupted');
    expect(await streamIds('ran')).toEqual(['0-1 e', '0-2 end']);
    expect(await append('ran', 'w1', 1)).toBe(0); // the worker it was taken from is fenced out
    expect(await reclaim('ran', entry)).toBe('gone');

    await admit('untaken');
    const first = await entryOf('untaken');
    expect(await reclaim('untaken', first)).toBe('requeued');
    const second = await entryOf('untaken');
    expect(second).not.toBe(first);
    expect(((await redis.xrange(KEY.queue, '-', '+')) as [string, string[]][]).map(([id]) => id)).toEqual([second]);
    expect(await stateOf('untaken')).toBe('queued');
    expect(await take('untaken', 'w1', first)).toEqual([0]); // the old delivery is stale
  });

  it('cancels a running run through its worker, and a detached one only with the token it was detached with', async () => {
    await admit('a');
    await take('a');
    const subscriber = connectRedis(server.url, { name: 'sub', queueWhileDisconnected: true });
    const received: string[] = [];
    subscriber.on('message', (_channel: string, text: string) => received.push(text));
    await subscriber.subscribe(KEY.control('w1'));
    try {
      expect(await redis.fsDetach(KEY.run('a'), 'tok')).toBe(1);
      expect(await cancel('a', 'other')).toBe('kept');
      await redis.hdel(KEY.run('a'), 'detached'); // someone watched again
      expect(await cancel('a', 'tok')).toBe('kept');
      expect(await cancel('a')).toBe('running');
      await expect.poll(() => received.map((text) => JSON.parse(text) as unknown)).toEqual([{ type: 'cancel', runId: 'a' }]);
      expect(await redis.hget(KEY.run('a'), 'cancel')).toBe('1');
      expect(await cancel('gone')).toBe('none');
      expect(await redis.fsDetach(KEY.run('gone'), 'tok')).toBe(0);
      expect(await redis.exists(KEY.run('gone'))).toBe(0);
    } finally {
      await closeRedis(subscriber);
    }
  });

  it('sends input to the run\'s worker within one budget for the run', async () => {
    await admit('a');
    const input = (bytes: number) => redis.fsInput(KEY.run('a'), bytes, `line-${bytes}`, KEY.control(''));
    expect(await input(10)).toEqual(['none']); // not running yet
    await take('a');
    expect(await input(16000)).toEqual(['ok']);
    expect(await input(385)).toEqual(['limit', 16000, 16384]);
    expect(await input(384)).toEqual(['ok']);
    expect(await redis.hget(KEY.run('a'), 'inputBytes')).toBe('16384');
  });

  it('heartbeat renews the worker\'s lease and claims, reports runs it lost and cancels asked for', async () => {
    await admit('mine');
    await admit('stolen');
    await redis.xreadgroup('GROUP', QUEUE_GROUP, 'w1', 'COUNT', 10, 'STREAMS', KEY.queue, '>');
    await take('mine');
    await take('stolen');
    await reclaim('stolen');
    await redis.hset(KEY.run('mine'), 'cancel', '1');
    const reply = await redis.fsHeartbeat(KEY.queue, KEY.workerLease('w1'), KEY.workers, 'w1', 5000, '{"capacity":2}', KEY.run(''), 'mine', 'stolen', 'never');
    expect(reply).toEqual([['stolen', 'never'], ['mine']]);
    expect(await redis.pttl(KEY.workerLease('w1'))).toBeGreaterThan(4000);
    expect(await redis.hget(KEY.workers, 'w1')).toBe('{"capacity":2}');
    const pending = (await redis.xpending(KEY.queue, QUEUE_GROUP, '-', '+', 10)) as [string, string, number][];
    expect(pending.map(([id, consumer]) => [id, consumer])).toEqual([[await entryOf('mine'), 'w1']]);
  });

  it('gives a Redis one epoch, set by whoever asks first', async () => {
    const epoch = await readEpoch(redis);
    expect(epoch).toBeGreaterThan(0);
    expect(await readEpoch(redis)).toBe(epoch);
    await redis.flushall();
    expect(await readEpoch(redis)).not.toBe(epoch);
  });
});
