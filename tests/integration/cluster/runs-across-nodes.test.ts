// Two API nodes, two lesson workers and one Redis on loopback, each a real process: a run asked for on one
// node runs on a worker and is watched from the other; who owns it holds across nodes (only the owner
// cancels or types, within one input budget); a full queue refuses with the position a run would have had;
// and nothing is left behind — no process, no cgroup, no stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { parseRecording } from '@forkscope/protocol';
import { liveTagged } from '../../support/process-table.js';
import { unitDirs } from '../supervisor/oracle.js';
import { connect, withRef, type TestClient } from '../api/support/ws-client.js';
import { keys, startCluster, type TestCluster } from './support/cluster.js';

const OWNER_KEY = 'cluster-owner-tab-key-0123456789';
const STREAM_TTL_SEC = 2;
type Accepted = Extract<ServerMessage, { type: 'run.accepted' }>;
const isError = (code: string, ref?: string) => (m: ServerMessage) => m.type === 'error' && m.code === code && (ref === undefined || m.ref === ref);

let cluster: TestCluster;
const clients: TestClient[] = [];
async function client(url: string): Promise<TestClient> {
  const c = await connect(url);
  clients.push(c);
  return c;
}

describe('runs across nodes', () => {
  beforeAll(async () => {
    cluster = await startCluster(2, 2, { timings: { streamTtlSec: STREAM_TTL_SEC }, capacity: 2 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  }, 30_000);

  it('runs a lesson asked for on node A on a worker, watched live from node B, recorded once, and leaves nothing', async () => {
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const owner = await client(a.wsUrl);
    const viewer = await client(b.wsUrl);
    const helloA = await owner.waitFor<Extract<ServerMessage, { type: 'hello' }>>((m) => m.type === 'hello');
    const helloB = await viewer.waitFor<Extract<ServerMessage, { type: 'hello' }>>((m) => m.type === 'hello');
    // Two processes, one epoch: a page may move between them and resume.
    expect(helloA.serverPid).not.toBe(helloB.serverPid);
    expect(helloA.epoch).toBeGreaterThan(0);
    expect(helloB.epoch).toBe(helloA.epoch);

    owner.send({ type: 'run', scenario: 'pids', params: { count: 3 }, ownerKey: OWNER_KEY, ref: 'r' });
    const { runId } = await owner.waitFor<Accepted>(withRef('r'));
    viewer.send({ type: 'watch', runId, fromSeq: 0, ref: 'w' });
    expect(await viewer.waitFor(withRef('w'))).toMatchObject({ type: 'watching', role: 'viewer' });

    const seenByOwner = await owner.runEnded(runId);
    const seenByViewer = await viewer.runEnded(runId);
    expect(seenByOwner.map((e) => e.seq)).toEqual(seenByOwner.map((_, i) => i));
    expect(seenByViewer).toEqual(seenByOwner);
    expect(seenByOwner.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed', leftovers: 0 });
    const started = seenByOwner.find((e): e is Extract<ForkscopeEvent, { type: 'run.started' }> => e.type === 'run.started')!;
    expect(started).toMatchObject({ runId, containment: 'cgroup' });

    // A worker ran it: the run's record names one of the two.
    expect(cluster.workers.map((w) => w.id)).toContain(cluster.redis.cli('HGET', `forkscope:run:${runId}`, 'worker'));

    // One recording, in the shared directory, served by either node, event for event what was streamed.
    const text = await (await fetch(`${b.base}/api/runs/${runId}`)).text();
    const recording = parseRecording(text);
    expect(recording.ok && recording.events).toEqual(seenByOwner);
    const listed = (await (await fetch(`${a.base}/api/runs`)).json()) as { runId: string; status: string }[];
    expect(listed.find((r) => r.runId === runId)?.status).toBe('completed');

    // Nothing left: processes, cgroups, and (after its time to live) the run's stream and record.
    expect(liveTagged([runId])).toEqual([]);
    for (const worker of cluster.workers) expect(unitDirs(worker.pid)).toEqual([]);
    await expect.poll(() => keys(cluster.redis, `forkscope:*${runId}*`), { timeout: (STREAM_TTL_SEC + 3) * 1000, interval: 200 }).toEqual([]);
  });

  it('keeps owners and viewers across nodes: only the owner types or cancels, on any node, within one input budget', async () => {
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const owner = await client(a.wsUrl);
    owner.send({ type: 'run', scenario: 'socket-chat', params: { interactive: true, clients: 1 }, ownerKey: OWNER_KEY, ref: 'chat' });
    const { runId } = await owner.waitFor<Accepted>(withRef('chat'));
    const running = await owner.waitFor((m) => m.type === 'events' && m.runId === runId && m.events.some((e) => e.type === 'process.running' && /client/i.test(e.name)));
    const clientPid = (running as Extract<ServerMessage, { type: 'events' }>).events.find((e) => e.type === 'process.running' && /client/i.test(e.name))!.pid;

    // A student on node B watches: nothing it sends reaches the run.
    const student = await client(b.wsUrl);
    student.send({ type: 'watch', runId, fromSeq: 0, ownerKey: 'z'.repeat(32), ref: 'w' });
    expect(await student.waitFor(withRef('w'))).toMatchObject({ type: 'watching', role: 'viewer' });
    student.send({ type: 'input', runId, pid: clientPid, text: 'hi', ref: 'i' });
    student.send({ type: 'cancel', runId, ref: 'c' });
    expect(await student.waitFor(withRef('i'))).toMatchObject({ code: 'ERR_NOT_OWNER' });
    expect(await student.waitFor(withRef('c'))).toMatchObject({ code: 'ERR_NOT_OWNER' });

    // The owner's tab, reloaded onto node B, owns it there: its line reaches the process on the worker.
    const reloaded = await client(b.wsUrl);
    reloaded.send({ type: 'watch', runId, fromSeq: 0, ownerKey: OWNER_KEY, ref: 'w' });
    expect(await reloaded.waitFor(withRef('w'))).toMatchObject({ type: 'watching', role: 'owner' });
    reloaded.send({ type: 'input', runId, pid: clientPid, text: 'hello from node b' });
    await reloaded.waitFor((m) => m.type === 'events' && m.events.some((e) => e.type === 'process.input' && e.text === 'hello from node b'));
    await reloaded.waitFor((m) => m.type === 'events' && m.events.some((e) => e.type === 'process.output' && e.text.includes('HELLO FROM NODE B')));

    // One budget for the run, whichever node the lines come through: 16 KiB, 18 bytes spent above, room
    // for four lines of 4 000 bytes more.
    const line = 'x'.repeat(3999); // 4 000 bytes with its newline
    for (const [i, via] of [owner, reloaded, owner, reloaded].entries()) {
      via.send({ type: 'input', runId, pid: clientPid, text: line, ref: `big${i}` });
    }
    await expect.poll(() => owner.events(runId).filter((e) => e.type === 'process.input' && e.text === line).length).toBe(4);
    reloaded.send({ type: 'input', runId, pid: clientPid, text: line, ref: 'over' });
    expect(await reloaded.waitFor(withRef('over'))).toMatchObject({ code: 'ERR_INPUT_LIMIT', field: 'text', message: expect.stringContaining('cap of 16384 bytes') });

    // And the owner cancels from node B.
    reloaded.send({ type: 'cancel', runId, ref: 'stop' });
    const events = await owner.runEnded(runId);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'cancelled' });
    expect(reloaded.messages.some(withRef('stop'))).toBe(false); // a cancel that works has no answer
    await expect.poll(() => liveTagged([runId]), { timeout: 5000 }).toEqual([]);
  });

  it('refuses a run with ERR_BUSY and its place in line when the queue is full', async () => {
    const full = await startCluster(1, 1, { capacity: 1, maxQueued: 1 });
    try {
      const [node] = full.nodes as [typeof full.nodes[0]];
      const first = await connect(node.wsUrl);
      const second = await connect(node.wsUrl);
      const third = await connect(node.wsUrl);
      try {
        first.send({ type: 'run', scenario: 'daemon', params: { mainSleep: 20 }, ref: 'a' });
        const running = await first.waitFor<Accepted>(withRef('a'));
        expect(running.queued).toBe(false);
        await first.waitFor((m) => m.type === 'events' && m.events.some((e) => e.type === 'run.started'));
        second.send({ type: 'run', scenario: 'daemon', params: { mainSleep: 20 }, ref: 'b' });
        const waiting = await second.waitFor<Accepted>(withRef('b'));
        expect(waiting.queued).toBe(true);
        third.send({ type: 'run', scenario: 'pids', ref: 'c' });
        expect(await third.waitFor(withRef('c'))).toMatchObject({
          type: 'error',
          code: 'ERR_BUSY',
          message: expect.stringMatching(/queue is full: 1 runs wait for a worker \(at most 1\), so yours would be number 2 in line/),
        });
        // The queued one is cancelled while it waits: it never starts.
        second.send({ type: 'cancel', runId: waiting.runId });
        expect(await second.waitFor(isError('ERR_CANCELLED'))).toMatchObject({ runId: waiting.runId, message: expect.stringContaining('never started') });
        first.send({ type: 'cancel', runId: running.runId });
        await first.runEnded(running.runId);
        expect(liveTagged([running.runId, waiting.runId])).toEqual([]);
      } finally {
        await Promise.all([first.close(), second.close(), third.close()]);
      }
    } finally {
      await full.stop();
    }
  }, 60_000);
});
