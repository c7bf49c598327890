// The kernel's facts on the timeline: signals joined to the reports they confirm, the zombie between the
// kernel's exit event and the reap, descriptors and memory per process; and the same stream applied in
// any batching gives the same model.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, createTimelineReducer, deriveExitCause } from '../src/index.js';
import type { ForkscopeEvent, TimelineModel } from '../src/index.js';
import { daemonKilledAtMainEnd, kernelFactsStream, runStarted, sequence } from './streams.js';

const apply = (events: ForkscopeEvent[]): TimelineModel => applyEvents(createTimelineModel(), events);

describe('signals', () => {
  const model = apply(kernelFactsStream);

  test("a terminate the parent reported is confirmed by the kernel: one entry, one arrow, the kernel's time on it", () => {
    const p = model.processes[9001]!;
    expect(p.signals).toEqual([
      { seq: 14, t: 40_000, by: 9000, signal: 'SIGTERM', daemonKill: false, source: 'process', kernel: { seq: 15, t: 40_020, result: 'delivered' } },
    ]);
    const arrows = model.arrows.filter((a) => a.to === 9001 && a.kind !== 'spawn');
    expect(arrows).toEqual([{ kind: 'terminate', from: 9000, to: 9001, t: 40_000, tEnd: 60_000, seq: 14, signal: 'SIGTERM', source: 'process', confirmedAt: 40_020 }]);
    expect(p.cause).toBe('terminated');
  });

  test('a signal only the kernel saw, from a process of the run, is an arrow and explains the exit', () => {
    const p = model.processes[9002]!;
    expect(p.signals).toMatchObject([{ by: 9000, signal: 'SIGKILL', source: 'kernel', fromRun: true, kernel: { t: 70_000, result: 'delivered' } }]);
    expect(model.arrows.find((a) => a.to === 9002 && a.kind === 'signal')).toMatchObject({ from: 9000, t: 70_000, tEnd: 80_000, source: 'kernel', confirmedAt: 70_000 });
    expect(p.cause).toBe('killed');
    expect(model.console.find((l) => l.pid === 9002 && l.lifecycle?.kind === 'signalled')?.text).toBe('SIGKILL from MainProcess · 9000 (seen by the kernel)');
  });

  test("the supervisor's cancel is an arrow from outside the lanes, confirmed by the kernel, and does not make the exit a terminate", () => {
    const p = model.processes[9003]!;
    expect(p.signals).toMatchObject([{ by: 100, signal: 'SIGTERM', source: 'supervisor', fromRun: false, reason: 'cancel', kernel: { t: 90_040 } }]);
    expect(model.arrows.find((a) => a.to === 9003 && a.kind === 'signal')).toMatchObject({ from: 100, source: 'supervisor', confirmedAt: 90_040 });
    expect(model.markers.find((m) => m.pid === 9003 && m.kind === 'signal')?.label).toBe('SIGTERM ← supervisor (cancel)');
    expect(p.cause).toBe('signal');
    expect(model.processes[100]).toBeUndefined();
  });

  test('a report read after the kernel saw its signal takes over the kernel-only entry', () => {
    const m = apply(
      sequence([
        runStarted(),
        { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
        { type: 'process.spawned', t: 20, pid: 101, ppid: 100, name: 'Process-1', daemon: true, target: 'f' },
        { type: 'process.running', t: 30, pid: 101, ppid: 100, name: 'Process-1' },
        { type: 'process.signalled', t: 51, pid: 101, by: 100, signal: 'SIGTERM', source: 'kernel', result: 'delivered' },
        { type: 'process.daemon-killed', t: 50, pid: 101, by: 100 },
        { type: 'process.exited', t: 60, pid: 101, exitCode: -15, signal: 'SIGTERM', reapedBy: 100 },
      ]),
    );
    const p = m.processes[101]!;
    expect(p.signals).toMatchObject([{ by: 100, daemonKill: true, source: 'process', kernel: { t: 51 } }]);
    expect(m.arrows.filter((a) => a.to === 101 && a.kind !== 'spawn').map((a) => a.kind)).toEqual(['daemon-kill']);
    expect(p.cause).toBe('daemon-killed');
  });

  test('old streams (no kernel facts) keep their causes and arrows', () => {
    const m = apply(daemonKilledAtMainEnd);
    expect(m.processes[4101]?.cause).toBe('daemon-killed');
    expect(m.processes[4101]?.died).toBeNull();
    expect(deriveExitCause({ exitCode: -15, signal: 'SIGTERM', exitedAt: 1, signals: [{ seq: 1, t: 0, by: 9, signal: 'SIGTERM', daemonKill: false }] })).toBe('terminated');
  });
});

describe('the zombie between death and reap', () => {
  const model = apply(kernelFactsStream);

  test("it starts at the kernel's exit event, not at the sampler's later Z, and ends exactly at the reap", () => {
    const p = model.processes[9001]!;
    expect(p.died).toMatchObject({ t: 41_000, exitCode: -15, signal: 'SIGTERM', ppid: 9000, source: 'kernel' });
    expect(p.segments.at(-1)).toEqual({ kind: 'zombie', start: 41_000, end: 60_000 });
    expect(p.segments.at(-2)).toMatchObject({ kind: 'running', end: 41_000 });
    expect(p.exitedAt).toBe(60_000);
  });

  test('a reap read before the exit event still gets its zombie, carved out of the end of the lane', () => {
    const p = model.processes[9002]!;
    expect(p.segments.map((s) => [s.kind, s.start, s.end])).toEqual([
      ['spawned', 34_000, 35_000],
      ['running', 35_000, 70_500],
      ['zombie', 70_500, 80_000],
    ]);
  });

  test('the kernel knows the exit code of a process nobody in the run reaped', () => {
    const events = sequence([
      runStarted(),
      { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
      { type: 'process.spawned', t: 20, pid: 101, ppid: 100, name: 'Process-1', daemon: false, target: 'f' },
      { type: 'process.running', t: 30, pid: 101, ppid: 100, name: 'Process-1' },
      { type: 'process.reparented', t: 40, pid: 101, from: 100, to: 1 },
      { type: 'process.died', t: 50, pid: 101, exitCode: 3, signal: null, ppid: 1, source: 'kernel' },
      { type: 'process.exited', t: 70, pid: 101, exitCode: null, signal: null, reapedBy: 0 },
    ]);
    const p = apply(events).processes[101]!;
    expect([p.exitCode, p.cause]).toEqual([3, 'exit']);
    // The other order: the sampler's unknown exit first, then the kernel's status.
    const swapped = [...events.slice(0, 5), { ...events[6]!, seq: 5 }, { ...events[5]!, seq: 6 }] as ForkscopeEvent[];
    const q = apply(swapped).processes[101]!;
    expect([q.exitCode, q.cause]).toEqual([3, 'exit']);
    expect(q.segments.at(-1)).toEqual({ kind: 'zombie', start: 50, end: 70 });
  });
});

describe('descriptors, memory, sources', () => {
  const model = apply(kernelFactsStream);

  test('the descriptors at running, with what is shared with the parent', () => {
    const fds = model.processes[9001]!.fds!;
    expect(fds).toMatchObject({ t: 33_000, ppid: 9000, more: 0, source: 'sampler' });
    expect(fds.list.find((f) => f.listening !== undefined)).toEqual({ fd: 5, kind: 'socket', name: 'socket:[80000]', shared: true, listening: 41234 });
  });

  test('memory readings in order, private-dirty growing after the write', () => {
    const memory = model.processes[9001]!.memory!;
    expect(memory.map((m) => [m.t, m.privateDirty, m.source])).toEqual([
      [32_500, 880_640, 'process'],
      [33_150, 995_328, 'process'],
    ]);
    expect(model.run.sources).toEqual({ signals: 'kernel', exits: 'kernel', notes: [] });
  });

  test('one event at a time, or all at once, in place or immutably: the same model', () => {
    const reducer = createTimelineReducer();
    for (const e of kernelFactsStream) reducer.apply([e]);
    let stepwise = createTimelineModel();
    for (const e of kernelFactsStream) stepwise = applyEvents(stepwise, [e]);
    const strip = (m: TimelineModel) => JSON.parse(JSON.stringify(m, (k, v) => (k === 'refs' ? undefined : v)));
    expect(strip(reducer.model)).toEqual(strip(model));
    expect(strip(stepwise)).toEqual(strip(model));
  });
});
