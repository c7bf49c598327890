// What happens when a piece of the cluster dies, each piece a real process killed for real: a worker
// (SIGKILL mid-run), a run delivered to a worker that died before taking it, an API node (SIGKILL), and Redis
// itself (killed and started again, empty). Each test prints how long recovery took; the deadlines are the
// issue's bounds, not measurements (those are printed, and `pnpm bench scale` has the costs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { parseRecording } from '@forkscope/protocol';
import { liveTagged } from '../../support/process-table.js';
import { unitDirs } from '../supervisor/oracle.js';
import { connect, withRef, type TestClient } from '../api/support/ws-client.js';
import { keys, startCluster, type ApiNode, type TestCluster } from './support/cluster.js';

const OWNER_KEY = 'cluster-failure-tab-key-0123456789';
const STREAM_TTL_SEC = 2;
type Accepted = Extract<ServerMessage, { type: 'run.accepted' }>;
type Hello = Extract<ServerMessage, { type: 'hello' }>;
const isError = (code: string) => (m: ServerMessage) => m.type === 'error' && m.code === code;
const hasEvent = (runId: string, test: (e: ForkscopeEvent) => boolean) => (m: ServerMessage) => m.type === 'events' && m.runId === runId && m.events.some(test);

/** `promise`, or a failure naming `what` once `ms` have passed. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function report(what: string, ms: number): void {
  console.info(`recovery: ${what}: ${(ms / 1000).toFixed(2)} s`);
}

let cluster: TestCluster;
const clients: TestClient[] = [];
async function client(node: ApiNode): Promise<TestClient> {
  const c = await connect(node.wsUrl);
  clients.push(c);
  return c;
}

async function health(node: ApiNode): Promise<{ status: number; body: { ok: boolean; missing: string[] } }> {
  const res = await fetch(`${node.base}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; missing: string[] } };
}

/** Starts a run that sleeps for a while (a daemon child, main asleep), on `node`, owned by a page with OWNER_KEY. */
async function startLongRun(owner: TestClient, mainSleep: number): Promise<string> {
  owner.send({ type: 'run', scenario: 'daemon', params: { mainSleep }, ownerKey: OWNER_KEY, ref: 'long' });
  const { runId } = await owner.waitFor<Accepted>(withRef('long'));
  await owner.waitFor(hasEvent(runId, (e) => e.type === 'process.spawned' && e.daemon));
  return runId;
}

describe('failures of a cluster', () => {
  beforeAll(async () => {
    cluster = await startCluster(2, 2, { timings: { streamTtlSec: STREAM_TTL_SEC } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  }, 30_000);

  it('a worker killed mid-run: its processes die with it, the run is interrupted within 10 s, viewers are told, it never runs twice', async () => {
    const [a, b] = cluster.nodes as [ApiNode, ApiNode];
    const owner = await client(a);
    const viewer = await client(b);
    const runId = await startLongRun(owner, 20);
    viewer.send({ type: 'watch', runId, fromSeq: 0, ref: 'w' });
    await viewer.waitFor(withRef('w'));
    const victim = cluster.workers.find((w) => w.id === cluster.redis.cli('HGET', `forkscope:run:${runId}`, 'worker'))!;
    expect(liveTagged([runId]).length).toBeGreaterThanOrEqual(2);

    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    // Its watchdog ends the run's processes and removes its cgroups at once.
    await expect.poll(() => liveTagged([runId]), { timeout: 5000, interval: 20 }).toEqual([]);
    report('worker SIGKILL → the run\'s processes gone', Date.now() - killedAt);
    await expect.poll(() => unitDirs(victim.pid), { timeout: 5000 }).toEqual([]);

    const told = await within(10_000, 'viewers told of the interruption', Promise.all([owner.waitFor(isError('ERR_RUN_INTERRUPTED')), viewer.waitFor(isError('ERR_RUN_INTERRUPTED'))]));
    report('worker SIGKILL → run marked interrupted, viewers on both nodes told', Date.now() - killedAt);
    for (const message of told) expect(message).toMatchObject({ runId, field: 'runId', message: expect.stringContaining('stopped renewing its claim') });
    // Both nodes told their viewers everything before the notice, the same events.
    expect(viewer.events(runId)).toEqual(owner.events(runId));

    // Interrupted for good: not waiting, not pending, not queued again; the other worker never starts it.
    expect(cluster.redis.cli('HGET', `forkscope:run:${runId}`, 'state')).toBe('interrupted');
    expect(cluster.redis.cli('ZSCORE', 'forkscope:waiting', runId)).toBe('');
    expect(cluster.redis.cli('XLEN', 'forkscope:queue')).toBe('0');
    expect(owner.events(runId).filter((e) => e.type === 'run.started')).toHaveLength(1);
    expect(liveTagged([runId])).toEqual([]);

    // Its recording, in the shared directory, is cut off where the run was: listed as interrupted.
    const listed = (await (await fetch(`${a.base}/api/runs`)).json()) as { runId: string; status: string }[];
    expect(listed.find((r) => r.runId === runId)?.status).toBe('interrupted');
    const recording = parseRecording(await (await fetch(`${b.base}/api/runs/${runId}`)).text());
    expect(recording.ok).toBe(true);
    if (recording.ok) {
      expect(recording.events.some((e) => e.type === 'run.ended')).toBe(false);
      for (const event of recording.events) expect(event).toEqual(owner.events(runId)[event.seq]);
    }
    await expect.poll(() => keys(cluster.redis, `forkscope:*${runId}*`), { timeout: (STREAM_TTL_SEC + 3) * 1000, interval: 200 }).toEqual([]);
    await cluster.addWorker();
  }, 60_000);

  it('a run delivered to a worker that died before taking it goes back to the queue and runs once', async () => {
    const [a] = cluster.nodes as [ApiNode];
    // No worker is there to take it; a consumer that then "dies" takes delivery instead.
    await Promise.all(cluster.workers.splice(0).map((w) => w.kill('SIGTERM')));
    const owner = await client(a);
    owner.send({ type: 'run', scenario: 'pids', params: { count: 2 }, ref: 'p' });
    const accepted = await owner.waitFor<Accepted>(withRef('p'));
    expect(accepted.queued).toBe(true);
    expect(cluster.redis.cli('XREADGROUP', 'GROUP', 'workers', 'ghost', 'COUNT', '1', 'STREAMS', 'forkscope:queue', '>')).toContain(accepted.runId);
    const deliveredAt = Date.now();

    await cluster.addWorker();
    const events = await within(15_000, 'the requeued run to end', owner.runEnded(accepted.runId));
    report('delivered but never taken → run again by a live worker', Date.now() - deliveredAt);
    expect(events.filter((e) => e.type === 'run.started')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
    await cluster.addWorker();
  }, 60_000);

  it('an API node killed: its page reconnects to another node and resumes from its last seq, nothing repeated or missing', async () => {
    const [a, b] = cluster.nodes as [ApiNode, ApiNode];
    const page = await client(a);
    const hello = await page.waitFor<Hello>((m) => m.type === 'hello');
    const runId = await startLongRun(page, 5);

    const killedAt = Date.now();
    await a.kill('SIGKILL');
    await page.closed;
    const before = page.events(runId);
    const lastSeq = before.at(-1)!.seq;

    const again = await client(b);
    const helloB = await again.waitFor<Hello>((m) => m.type === 'hello');
    expect(helloB.epoch).toBe(hello.epoch); // the page's cue that its runs are still there
    again.send({ type: 'watch', runId, fromSeq: lastSeq + 1, ownerKey: OWNER_KEY, ref: 'resume' });
    expect(await again.waitFor(withRef('resume'))).toMatchObject({ type: 'watching', role: 'owner' });
    report('API node SIGKILL → page watching again from node B (as owner)', Date.now() - killedAt);
    const after = await again.runEnded(runId);
    const all = [...before, ...after];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i));
    expect(after[0]!.seq).toBe(lastSeq + 1);
    // The run was not cancelled when its owner's node died: it ran to its end.
    expect(all.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
    cluster.nodes.splice(cluster.nodes.indexOf(a), 1);
    await cluster.addNode();
  }, 60_000);

  it('Redis restarted: nodes and workers reconnect, runs in flight are interrupted, nothing hangs, health says what is missing', async () => {
    const [a, b] = cluster.nodes as [ApiNode, ApiNode];
    const owner = await client(a);
    const viewer = await client(b);
    const oldEpoch = (await owner.waitFor<Hello>((m) => m.type === 'hello')).epoch;
    const runId = await startLongRun(owner, 20);
    viewer.send({ type: 'watch', runId, fromSeq: 0, ref: 'w' });
    await viewer.waitFor(withRef('w'));

    const downAt = Date.now();
    await cluster.redis.kill();
    // Meanwhile: health says what is missing, and a request is answered at once, not when Redis is back.
    await expect.poll(async () => (await health(a)).status, { timeout: 5000, interval: 50 }).toBe(503);
    expect((await health(a)).body.missing).toEqual([expect.stringMatching(/^redis: not connected/)]);
    owner.send({ type: 'run', scenario: 'pids', ref: 'during' });
    expect(await within(5000, 'an answer while Redis is down', owner.waitFor(withRef('during')))).toMatchObject({ code: 'ERR_BUSY', message: expect.stringContaining('unreachable') });
    // The worker cannot renew its claim: it ends the run itself rather than run it where nobody sees it.
    await expect.poll(() => liveTagged([runId]), { timeout: 10_000, interval: 50 }).toEqual([]);
    report('Redis down → the worker ended its unreachable run', Date.now() - downAt);

    const upAt = Date.now();
    await cluster.redis.start();
    await within(10_000, 'viewers told after Redis came back', Promise.all([owner.waitFor(isError('ERR_RUN_INTERRUPTED')), viewer.waitFor(isError('ERR_RUN_INTERRUPTED'))]));
    report('Redis back (empty) → viewers told their run was interrupted', Date.now() - upAt);
    await expect.poll(async () => (await health(b)).body, { timeout: 10_000, interval: 100 }).toMatchObject({ ok: true, missing: [] });
    report('Redis back → health 200 with workers registered again', Date.now() - upAt);

    // A new Redis is a new epoch: pages reconnecting now know their old runs are gone. New runs work.
    const fresh = await client(b);
    expect((await fresh.waitFor<Hello>((m) => m.type === 'hello')).epoch).not.toBe(oldEpoch);
    fresh.send({ type: 'run', scenario: 'pids', params: { count: 1 }, ref: 'after' });
    const { runId: next } = await fresh.waitFor<Accepted>(withRef('after'));
    expect((await fresh.runEnded(next)).at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
    report('Redis back → a new run completed', Date.now() - upAt);
    const listed = (await (await fetch(`${b.base}/api/runs`)).json()) as { runId: string; status: string }[];
    expect(listed.find((r) => r.runId === runId)?.status).toBe('interrupted');
  }, 90_000);
});
