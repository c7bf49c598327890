import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { createRecordingStore } from '../../src/recordings/recording-store.js';
import { createRunManager, type RunClient } from '../../src/runs/run-manager.js';
import type { RunStream, StreamSource } from '../../src/ws/run-stream.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A client whose streams hand over the source and cursor synchronously. */
function fakeClient(id: number) {
  const sent: ServerMessage[] = [];
  const streams = new Map<string, { source: StreamSource; fromSeq: number; disposed: boolean }>();
  const client: RunClient & { sent: ServerMessage[]; seen(runId: string): ForkscopeEvent[] } = {
    id,
    sent,
    send: (m) => sent.push(m),
    openStream(runId, source, fromSeq): RunStream {
      const state = { source, fromSeq, disposed: false };
      streams.set(runId, state);
      return { runId, cursor: fromSeq, notify() {}, dispose: () => void (state.disposed = true) };
    },
    seen(runId) {
      const s = streams.get(runId)!;
      return s.source.events.slice(s.fromSeq);
    },
  };
  return client;
}

function setup(caps = {}, reconnectGraceMs = 0) {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-rm-'));
  dirs.push(dataDir);
  const supervisor = createFakeSupervisor();
  const store = createRecordingStore(dataDir);
  const manager = createRunManager({ supervisor, catalogue: createFakeCatalogue(), store, caps, reconnectGraceMs });
  return { supervisor, store, manager, dataDir };
}

describe('createRunManager', () => {
  it('tells the watchers of a queued run that was cancelled, and never starts it', async () => {
    const { supervisor, manager } = setup({ maxRunning: 1 });
    const a = fakeClient(1);
    const b = fakeClient(2);
    expect(manager.start(a, { scenario: 'hello' })).toMatchObject({ ok: true, queued: false });
    const queued = manager.start(b, { scenario: 'hello' });
    expect(queued).toMatchObject({ ok: true, queued: true });
    expect(manager.counts).toEqual({ running: 1, queued: 1 });
    expect(manager.cancel(b, (queued as { runId: string }).runId)).toEqual({ ok: true });
    expect(b.sent).toEqual([{ type: 'error', code: 'ERR_CANCELLED', field: 'runId', message: expect.stringContaining('was cancelled while queued') }]);
    supervisor.runs[0]!.end();
    await supervisor.runs[0]!.result;
    expect(supervisor.runs).toHaveLength(1);
    expect(manager.counts).toEqual({ running: 0, queued: 0 });
  });

  it('serves an ended run from its recording once it left memory', async () => {
    const { supervisor, manager } = setup({ keepEnded: 0 });
    const a = fakeClient(1);
    const verdict = manager.start(a, { scenario: 'hello' }) as { runId: string };
    supervisor.runs[0]!.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'x\n' });
    supervisor.runs[0]!.end();
    await manager.close(); // waits for the recording to be written
    const later = fakeClient(2);
    expect(await manager.watch(later, verdict.runId, 1)).toEqual({ ok: true, role: 'viewer' });
    expect(later.seen(verdict.runId).map((e) => e.type)).toEqual(['process.output', 'run.ended']);
    expect(await manager.watch(later, 'never-was', 0)).toMatchObject({ ok: false, code: 'ERR_UNKNOWN_RUN' });
  });

  it('cancels, on disconnect, the runs nobody else watches, queued ones included', async () => {
    const { supervisor, manager } = setup({ maxRunning: 1 });
    const a = fakeClient(1);
    const b = fakeClient(2);
    const watched = manager.start(a, { scenario: 'hello' }) as { runId: string };
    const waiting = manager.start(a, { scenario: 'hello' }) as { runId: string; queued: boolean };
    expect(waiting.queued).toBe(true);
    await manager.watch(b, watched.runId, 0);
    manager.clientGone(a);
    expect(supervisor.runs[0]!.cancelled).toBe(false);
    expect(manager.live().map((r) => r.runId)).toEqual([watched.runId]);
    manager.clientGone(b);
    // b did not start it: the run goes on until it ends by itself.
    expect(supervisor.runs[0]!.cancelled).toBe(false);
    supervisor.runs[0]!.end();
    await manager.close();
    expect(supervisor.runs).toHaveLength(1);
  });

  it('gives a disconnected client a grace period to watch its run again before cancelling it', async () => {
    vi.useFakeTimers();
    try {
      const { supervisor, manager } = setup({}, 3000);
      const a = fakeClient(1);
      const b = fakeClient(2);
      const kept = manager.start(a, { scenario: 'hello' }) as { runId: string };
      manager.start(b, { scenario: 'hello' });
      manager.clientGone(a);
      manager.clientGone(b);
      expect(supervisor.runs[0]!.cancelled).toBe(false);
      expect(supervisor.runs[1]!.cancelled).toBe(false);
      // a's page comes back on a new connection and watches its run again: that run is kept.
      await manager.watch(fakeClient(3), kept.runId, 0);
      vi.advanceTimersByTime(2999);
      expect(supervisor.runs[1]!.cancelled).toBe(false);
      vi.advanceTimersByTime(1);
      expect(supervisor.runs[1]!.cancelled).toBe(true);
      expect(supervisor.runs[0]!.cancelled).toBe(false);
      supervisor.runs[0]!.end();
      supervisor.runs[1]!.end();
      await manager.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets only owners cancel and send input: the starting connection, and any later one with the owner key', async () => {
    const { supervisor, manager } = setup();
    const teacher = fakeClient(1);
    const student = fakeClient(2);
    const key = 'k'.repeat(32);
    const { runId } = manager.start(teacher, { scenario: 'hello', ownerKey: key }) as { runId: string };
    const run = supervisor.runs[0]!;
    run.emit({ type: 'process.running', pid: 42, ppid: 1, name: 'chat' });
    expect(await manager.watch(student, runId, 0)).toEqual({ ok: true, role: 'viewer' });
    expect(await manager.watch(student, runId, 0, 'z'.repeat(32))).toEqual({ ok: true, role: 'viewer' });
    expect(manager.cancel(student, runId)).toMatchObject({ ok: false, code: 'ERR_NOT_OWNER', field: 'runId' });
    expect(manager.input(student, runId, 42, 'hi')).toMatchObject({ ok: false, code: 'ERR_NOT_OWNER' });
    expect(run.cancelled).toBe(false);
    expect(run.inputs).toEqual([]);
    expect(manager.input(teacher, runId, 42, 'hi')).toEqual({ ok: true });

    const reloaded = fakeClient(3);
    expect(await manager.watch(reloaded, runId, 0, key)).toEqual({ ok: true, role: 'owner' });
    expect(manager.cancel(reloaded, runId)).toEqual({ ok: true });
    expect(run.cancelled).toBe(true);
    await manager.close();
    // Nothing to own once it ended.
    expect(await manager.watch(fakeClient(4), runId, 0, key)).toEqual({ ok: true, role: 'viewer' });
  });

  it('without an owner key, only the starting connection owns the run', async () => {
    const { manager } = setup();
    const a = fakeClient(1);
    const { runId } = manager.start(a, { scenario: 'hello' }) as { runId: string };
    expect(await manager.watch(fakeClient(2), runId, 0, 'k'.repeat(32))).toEqual({ ok: true, role: 'viewer' });
    expect(manager.cancel(a, runId)).toEqual({ ok: true });
  });

  it('counts input against the run’s cap, bytes of UTF-8 with the newline, and refuses past it', () => {
    const { supervisor, manager } = setup({ inputBytes: 10 });
    const a = fakeClient(1);
    const { runId } = manager.start(a, { scenario: 'hello' }) as { runId: string };
    supervisor.runs[0]!.emit({ type: 'process.running', pid: 42, ppid: 1, name: 'chat' });
    expect(manager.input(a, runId, 42, '你好')).toEqual({ ok: true }); // 6 + 1
    expect(manager.input(a, runId, 42, 'abc')).toMatchObject({ ok: false, code: 'ERR_INPUT_LIMIT', field: 'text' });
    expect(manager.input(a, runId, 42, 'ab')).toEqual({ ok: true }); // 7 + 3 = 10
    expect(supervisor.runs[0]!.inputs.map((i) => i.text)).toEqual(['你好', 'ab']);
  });

  it('keeps ended runs in memory within a byte budget as well as a count', async () => {
    const { supervisor, manager, store } = setup({ keepEnded: 100, keepEndedBytes: 300_000 });
    const a = fakeClient(1);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((manager.start(a, { scenario: 'hello' }) as { runId: string }).runId);
      const run = supervisor.runs[i]!;
      run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'x'.repeat(60_000) }); // ~120 KB as UTF-16
      run.end();
      await run.result;
    }
    await manager.close();
    // Two fit in 300 KB. With the recordings gone, only what memory kept can still be watched.
    rmSync(store.dir, { recursive: true });
    const late = fakeClient(2);
    const verdicts = await Promise.all(ids.map((id) => manager.watch(late, id, 0)));
    expect(verdicts.map((v) => v.ok)).toEqual([false, false, true, true]);
  });

  it('names a bad reconnect grace', () => {
    expect(() => createRunManager({ supervisor: createFakeSupervisor(), catalogue: createFakeCatalogue(), store: createRecordingStore('x'), reconnectGraceMs: -1 })).toThrow(
      'Expected the `reconnectGraceMs` option to be a non-negative integer, got `-1`',
    );
  });

  it('refuses new runs once closing', async () => {
    const { manager } = setup();
    await manager.close();
    expect(manager.start(fakeClient(1), { scenario: 'hello' })).toMatchObject({ ok: false, code: 'ERR_BUSY' });
  });

  it('names a bad cap', () => {
    expect(() => createRunManager({ supervisor: createFakeSupervisor(), catalogue: createFakeCatalogue(), store: createRecordingStore('x'), caps: { maxQueued: -1 } })).toThrow(
      'Expected the `caps.maxQueued` option to be a non-negative integer, got `-1`',
    );
  });
});
