import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/core/events';
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
