// Viewers, resume, disconnect and shutdown against a real server running real scenario processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { liveTagged } from '../../support/process-table.js';
import { startTestServer } from './support/server.js';
import { connect, withRef, type TestClient } from './support/ws-client.js';

type Accepted = Extract<ServerMessage, { type: 'run.accepted' }>;

async function startRun(client: TestClient, scenario: string, params: Record<string, unknown> = {}): Promise<string> {
  const ref = `r${client.messages.length}`;
  client.send({ type: 'run', scenario, params, ref });
  const reply = await client.waitFor(withRef(ref));
  expect(reply.type).toBe('run.accepted');
  return (reply as Accepted).runId;
}

/** Polls what has no event (the process table, the recording file); the deadline is the test's. */
const POLL = { timeout: 30_000, interval: 20 };

const running = (client: TestClient, runId: string, count: number) => () =>
  client.events(runId).filter((e) => e.type === 'process.running').length >= count;
/** Resolves with the message after which `client` has seen `count` processes of each run running. */
const seenRunning = (client: TestClient, runIds: string[], count: number) => client.waitFor(() => runIds.every((id) => running(client, id, count)()));

describe('run lifecycle over WebSocket', () => {
  it('gives two viewers identical streams', async () => {
    const server = await startTestServer();
    const owner = await connect(server.wsUrl);
    const viewer = await connect(server.wsUrl);
    const runId = await startRun(owner, 'join');
    viewer.send({ type: 'watch', runId, fromSeq: 0 });
    const [a, b] = await Promise.all([owner.runEnded(runId), viewer.runEnded(runId)]);
    expect(a.length).toBeGreaterThan(5);
    expect(b).toEqual(a);
    await Promise.all([owner.close(), viewer.close()]);

    // The recording opens in Perfetto: one named track per process, the exit as an instant with its code.
    const trace = (await server.app.inject({ url: `/api/runs/${runId}/trace.json` })).json() as {
      traceEvents: { name: string; ph: string; pid: number; args?: Record<string, unknown> }[];
    };
    const pids = [...new Set(a.filter((e) => e.type === 'process.running').map((e) => e.pid))];
    const names = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
    expect(names.map((e) => e.pid).sort()).toEqual(pids.sort());
    for (const e of names) expect(e.args?.name).toMatch(new RegExp(`^.+ \\(${e.pid}\\)$`));
  });

  it('types into a process of the run (the chat client) through input messages, and gets the upper-cased echo', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    const runId = await startRun(client, 'socket-chat', { interactive: true, clients: 1 });
    await client.waitFor(() => client.events(runId).some((e) => e.type === 'process.running' && e.name.startsWith('client-')));
    const pid = client.events(runId).find((e) => e.type === 'process.running' && e.name.startsWith('client-'))!.pid;
    client.send({ type: 'input', runId, pid, text: 'hello bob' });
    await client.waitFor(() => client.events(runId).some((e) => e.type === 'process.output' && e.pid === pid && e.text.includes('HELLO BOB')));
    client.send({ type: 'input', runId, pid, text: 'exit' });
    const events = await client.runEnded(runId);
    expect(events.filter((e) => e.type === 'process.input').map((e) => [e.pid, (e as { text: string }).text])).toEqual([[pid, 'hello bob'], [pid, 'exit']]);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
    await client.close();
  });

  it('keeps a run whose owner left while someone watches, and resumes the owner from fromSeq without gap or duplicate', async () => {
    const server = await startTestServer();
    const owner = await connect(server.wsUrl);
    const viewer = await connect(server.wsUrl);
    const runId = await startRun(owner, 'daemon', { mainSleep: 3 });
    viewer.send({ type: 'watch', runId, fromSeq: 0 });
    await seenRunning(owner, [runId], 2);
    await owner.close();
    const before = owner.events(runId);

    const back = await connect(server.wsUrl);
    back.send({ type: 'watch', runId, fromSeq: before.at(-1)!.seq + 1 });
    const after = await back.runEnded(runId);
    const all = await viewer.runEnded(runId);
    expect(all.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
    expect([...before, ...after]).toEqual(all);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i));
    await Promise.all([back.close(), viewer.close()]);
  });

  it('cancels the runs of a client that disconnects, leaving 0 processes and a recording that says so', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    const runs = [await startRun(client, 'daemon', { mainSleep: 20 }), await startRun(client, 'daemon', { mainSleep: 20 })];
    await seenRunning(client, runs, 2);
    for (const runId of runs) expect(liveTagged([runId]).length).toBeGreaterThan(0);
    await client.close();
    await expect.poll(() => liveTagged(runs).length, POLL).toBe(0);
    for (const runId of runs) {
      await expect.poll(() => lastRecorded(server.dataDir, runId)?.type, POLL).toBe('run.ended');
      expect(lastRecorded(server.dataDir, runId)).toMatchObject({ type: 'run.ended', status: 'cancelled', leftovers: 0 });
    }
  });

  it('closes gracefully: sockets get 1001, runs are cancelled, 0 processes left once close() resolves', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    const runId = await startRun(client, 'daemon', { mainSleep: 20 });
    await seenRunning(client, [runId], 2);
    await server.app.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(liveTagged([runId])).toEqual([]);
    expect(lastRecorded(server.dataDir, runId)).toMatchObject({ type: 'run.ended', status: 'cancelled' });
  });
});

function lastRecorded(dataDir: string, runId: string): ForkscopeEvent | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'runs', `${runId}.ndjson`), 'utf8').trim().split('\n');
    return lines.length > 1 ? (JSON.parse(lines.at(-1)!) as ForkscopeEvent) : undefined;
  } catch {
    return undefined;
  }
}
