// The class store's semantics, the same for both stores: in memory (a single server) and in Redis (a
// cluster, against a real redis-server). What only Redis has to show — nodes racing, presence per node,
// keys that expire or go with the class — is at the end.
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClassStoreUnavailableError, type ClassStore } from '../../src/classes/class-store.js';
import { createMemoryClassStore } from '../../src/classes/memory-class-store.js';
import { createRedisClassStore, type RedisClassStore } from '../../src/cluster/redis-class-store.js';
import { closeRedis, connectRedis, type ClusterRedis } from '../../src/cluster/redis-connection.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
const connections: ClusterRedis[] = [];
const stores: RedisClassStore[] = [];
const connectionOf = new Map<RedisClassStore, ClusterRedis>();

async function redisStore(nodeId = 'node-a', presenceTtlMs = 5000): Promise<RedisClassStore> {
  const redis = connectRedis(server.url, { name: `test-${nodeId}` });
  connections.push(redis);
  if (redis.status !== 'ready') await once(redis, 'ready');
  const store = createRedisClassStore(redis, { nodeId, keepMs: 60_000, presenceTtlMs, renewEveryMs: 100, url: server.url });
  stores.push(store);
  connectionOf.set(store, redis);
  return store;
}

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const redis of connections) await closeRedis(redis);
  await server?.stop();
});

const kinds: [string, () => Promise<ClassStore>][] = [
  ['memory', async () => createMemoryClassStore()],
  ['redis', () => redisStore()],
];

describe.each(kinds)('%s class store', (_kind, createStore) => {
  beforeEach(() => {
    server.cli('FLUSHALL');
  });

  it('counts a student present once whatever their connections, keeps their answer when they leave, and blocks a removed key', async () => {
    const store = await createStore();
    const { code } = (await store.create('ab'.repeat(32), 0, 32))!;
    const a = await store.join(code, { keyHash: 'k1', name: 'Ana' }, 10);
    const again = await store.join(code, { keyHash: 'k1', name: null }, 10);
    if (!a.ok || !again.ok) throw new Error('join refused');
    expect([again.rejoined, again.student.id, again.student.name, again.present]).toEqual([true, a.student.id, 'Ana', 1]);
    const anon = await store.join(code, { keyHash: null, name: null }, 10);
    if (!anon.ok) throw new Error('join refused');
    expect(await store.present(code)).toBe(2);

    await store.openQuestion(code, { id: 'q', scenario: 's', askedDuring: null, varies: false });
    expect(await store.answer(code, anon.student.id, 'q', 'x', 5, 100)).toEqual({ ok: true, answered: 1 });
    expect(await store.answer(code, a.student.id, 'q', 'y', 1, 100)).toEqual({ ok: true, answered: 2 });
    expect(await store.answer(code, a.student.id, 'q', 'x', 1, 100)).toEqual({ ok: false, reason: 'limit' });
    expect(await store.answer(code, a.student.id, 'other', 'x', 5, 100)).toEqual({ ok: false, reason: 'other-question' });
    expect(await store.leave(code, anon.student.id)).toBe(1);
    expect(await store.tallies(code)).toEqual({ answered: 2, tallies: { x: 1, y: 1 } });
    expect((await store.roster(code)).map((r) => [r.name, r.answered])).toEqual([['Ana', true]]);

    await store.updateQuestion(code, { id: 'q' }, { phase: 'locked' });
    expect(await store.answer(code, a.student.id, 'q', 'y', 5, 100)).toEqual({ ok: false, reason: 'locked' });

    expect(await store.remove(code, a.student.id)).toMatchObject({ name: 'Ana' });
    expect(await store.present(code)).toBe(0);
    expect(await store.join(code, { keyHash: 'k1', name: null }, 10)).toEqual({ ok: false, reason: 'removed' });
    expect(await store.end(code)).toBe(true);
    expect(await store.join(code, { keyHash: 'k2', name: null }, 10)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a student beyond the class size, but not one coming back on another connection', async () => {
    const store = await createStore();
    const { code } = (await store.create('cd'.repeat(32), 0, 32))!;
    expect((await store.join(code, { keyHash: 'k1', name: null }, 1)).ok).toBe(true);
    expect(await store.join(code, { keyHash: 'k2', name: null }, 1)).toEqual({ ok: false, reason: 'full' });
    expect((await store.join(code, { keyHash: 'k1', name: null }, 1)).ok).toBe(true);
    // Students who come and go with new keys: four classes' worth of records at most.
    const other = (await store.create('ab'.repeat(32), 0, 32))!;
    for (let i = 0; i < 4; i++) {
      const s = await store.join(other.code, { keyHash: `n${i}`, name: null }, 1);
      if (!s.ok) throw new Error('refused');
      await store.leave(other.code, s.student.id);
    }
    expect(await store.join(other.code, { keyHash: 'n9', name: null }, 1)).toEqual({ ok: false, reason: 'full' });
    expect((await store.join(other.code, { keyHash: 'n0', name: null }, 1)).ok).toBe(true);
  });

  it('gives every class its own code', async () => {
    const store = await createStore();
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) codes.add((await store.create('ef'.repeat(32), 0, 200))!.code);
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
  });

  it('changes the question only where its condition holds, each change with a higher revision', async () => {
    const store = await createStore();
    const { code } = (await store.create('ab'.repeat(32), 0, 32))!;
    const opened = (await store.openQuestion(code, { id: 'q', scenario: 's', askedDuring: null, varies: false }))!;
    expect(opened.question).toMatchObject({ id: 'q', phase: 'open', runId: null, result: null });
    const bound = await store.updateQuestion(code, { id: 'q', runId: null }, { runId: 'r1', phase: 'locked' });
    expect(bound!.rev).toBeGreaterThan(opened.rev);
    // A second binding, or a result for another run, finds the condition false: nothing changes.
    expect(await store.updateQuestion(code, { id: 'q', runId: null }, { runId: 'r2' })).toBeNull();
    const result = { status: 'decided' as const, choice: 'yes', seq: 4, t: 1.5 };
    expect(await store.updateQuestion(code, { id: 'q', runId: 'r2', result: 'none' }, { result })).toBeNull();
    // Two nodes judging the same run: the first records the result, the second finds it there.
    const [a, b] = await Promise.all([
      store.updateQuestion(code, { id: 'q', runId: 'r1', result: 'none' }, { result }),
      store.updateQuestion(code, { id: 'q', runId: 'r1', result: 'none' }, { result }),
    ]);
    expect([a, b].filter((x) => x !== null)).toHaveLength(1);
    const revealed = await store.updateQuestion(code, { id: 'q', result: 'some', phase: ['open', 'locked'] }, { phase: 'revealed' });
    expect(revealed!.question).toMatchObject({ phase: 'revealed', runId: 'r1', result });
    expect(await store.updateQuestion(code, { id: 'q', phase: ['open', 'locked'] }, { phase: 'revealed' })).toBeNull();
    const record = (await store.get(code))!;
    expect(record.question).toEqual(revealed!.question);
    expect(record.questionRev).toBe(revealed!.rev);
    // The view: its own revision.
    const v1 = await store.setView(code, { scenario: 's', runId: 'r1', playhead: null, clock: 0, playing: false, speed: 1, window: null, selectedSeq: null });
    expect(v1).toBe(1);
    expect((await store.get(code))!.viewRev).toBe(1);
    expect(await store.closeQuestion(code, 'other')).toBeNull();
    expect(await store.closeQuestion(code, 'q')).toMatchObject({ question: null });
    expect((await store.get(code))!.question).toBeNull();
    expect(await store.setView('ZZZZZZ', record.view!)).toBeNull();
  });

  it('keeps what students without a key send bounded: they come and go, their answers stay, up to the cap', async () => {
    const store = await createStore();
    const { code } = (await store.create('ab'.repeat(32), Date.now(), 32))!;
    await store.openQuestion(code, { id: 'q', scenario: 's', askedDuring: null, varies: false });
    const verdicts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await store.join(code, { keyHash: null, name: null }, 1);
      if (!s.ok) throw new Error('refused');
      const r = await store.answer(code, s.student.id, 'q', 'x', 5, 3);
      verdicts.push(r.ok ? 'ok' : r.reason);
      await store.leave(code, s.student.id);
    }
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'full', 'full']);
    expect(await store.tallies(code)).toEqual({ answered: 3, tallies: { x: 3 } });
    expect(await store.roster(code)).toEqual([]);
  });

  it('caps open classes and keeps when a teacher was last there', async () => {
    const store = await createStore();
    const t = Date.now();
    const a = (await store.create('ab'.repeat(32), t, 2))!;
    expect(a.teacherAt).toBe(t);
    expect(await store.create('ab'.repeat(32), t, 2)).not.toBeNull();
    expect(await store.create('ab'.repeat(32), t, 2)).toBeNull();
    expect(await store.count()).toBe(2);
    expect(await store.touch(a.code, t + 5000)).toBe(true);
    expect((await store.get(a.code))!.teacherAt).toBe(t + 5000);
    expect(await store.end(a.code)).toBe(true);
    expect(await store.end(a.code)).toBe(false);
    expect(await store.touch(a.code, t + 6000)).toBe(false);
    expect(await store.count()).toBe(1);
  });
});

describe('the class store in Redis, across nodes', () => {
  beforeEach(() => {
    server.cli('FLUSHALL');
  });

  it('is one class for every node: one cap on students, however the joins race', async () => {
    const [a, b] = [await redisStore('node-a'), await redisStore('node-b')];
    const { code } = (await a.create('ab'.repeat(32), Date.now(), 32))!;
    const joins = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).join(code, { keyHash: `k${i}`, name: null }, 5)));
    expect(joins.filter((j) => j.ok)).toHaveLength(5);
    expect(joins.filter((j) => !j.ok && j.reason === 'full')).toHaveLength(7);
    expect(await a.present(code)).toBe(5);
    expect(await b.present(code)).toBe(5);
    // One student through both nodes is present once; their answer counts once, and the question's lock holds for both.
    const first = joins.find((j) => j.ok)!;
    if (!first.ok) throw new Error('refused');
    const again = await (joins.indexOf(first) % 2 ? b : a).join(code, { keyHash: first.student.keyHash, name: 'Ana' }, 5);
    expect(again).toMatchObject({ ok: true, rejoined: true, present: 5, student: { id: first.student.id, name: 'Ana' } });
    await a.openQuestion(code, { id: 'q', scenario: 's', askedDuring: null, varies: false });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).answer(code, first.student.id, 'q', i % 2 ? 'x' : 'y', 4, 100)));
    expect(answers.filter((r) => r.ok)).toHaveLength(4);
    expect(answers.filter((r) => !r.ok && r.reason === 'limit')).toHaveLength(2);
    expect((await b.tallies(code)).answered).toBe(1);
  });

  it("counts a node's students present only while it renews them, and leaves no key once a class ends", async () => {
    const a = await redisStore('node-a');
    const b = await redisStore('node-b', 400);
    const { code } = (await a.create('ab'.repeat(32), Date.now(), 32))!;
    const viaB = await b.join(code, { keyHash: 'kb', name: null }, 5);
    await a.join(code, { keyHash: 'ka', name: 'A' }, 5);
    expect(await a.present(code)).toBe(2);
    if (!viaB.ok) throw new Error('refused');
    // Node B is cut off (as if killed: nothing renews its set): its student stops counting within its time to live.
    await closeRedis(connectionOf.get(b)!);
    await expect.poll(() => a.present(code), { timeout: 3000, interval: 100 }).toBe(1);
    expect((await a.roster(code)).map((r) => r.name)).toEqual(['A']);
    // The student reconnects through node A with their key: the same student, present again.
    const back = await a.join(code, { keyHash: 'kb', name: null }, 5);
    expect(back).toMatchObject({ ok: true, rejoined: true, present: 2 });
    expect(Number(server.cli('PTTL', `forkscope:class:${code}`))).toBeGreaterThan(50_000);
    expect(Number(server.cli('PTTL', `forkscope:class:${code}:students`))).toBeGreaterThan(50_000);
    expect(await a.end(code)).toBe(true);
    expect(server.cli('--raw', 'KEYS', `forkscope:class*`).trim()).toBe('');
    expect(await a.join(code, { keyHash: 'kc', name: null }, 5)).toEqual({ ok: false, reason: 'unknown' });
    // Nothing comes back: a renewal or a late leave for the ended class writes nothing.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(server.cli('--raw', 'KEYS', `forkscope:class*`).trim()).toBe('');
  });

  it('a leave lost while Redis was out of reach is made good once it is back: the student no longer counts', async () => {
    const a = await redisStore('node-a');
    const { code } = (await a.create('ab'.repeat(32), Date.now(), 32))!;
    const s = await a.join(code, { keyHash: 'k1', name: null }, 5);
    if (!s.ok) throw new Error('refused');
    const connection = connectionOf.get(a)!;
    connection.disconnect(true);
    await expect(a.leave(code, s.student.id)).rejects.toBeInstanceOf(ClassStoreUnavailableError);
    await once(connection, 'ready');
    await expect.poll(() => a.present(code), { timeout: 3000, interval: 50 }).toBe(0);
  });
});
