// The reducer over streams shaped like real runs of the seed scenarios (see streams.ts).
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel } from '../src/index.js';
import type { ForkscopeEvent, TimelineModel } from '../src/index.js';
import { daemonKilledAtMainEnd, daemonNoChildrenStream, exitCodesStream, orphansStream, terminateStream, zombieStream } from './streams.js';

const apply = (events: ForkscopeEvent[]): TimelineModel => applyEvents(createTimelineModel(), events);
const kinds = (m: TimelineModel, pid: number) => m.processes[pid]?.segments.map((s) => [s.kind, s.start, s.end]);

describe('daemon-killed-at-main-end (§5.2)', () => {
  const m = apply(daemonKilledAtMainEnd);

  test('three lanes in tree order; the run completed', () => {
    expect(m.laneOrder).toEqual([4100, 4101, 4102]);
    expect(m.run).toMatchObject({ rootPid: 4100, status: 'completed', exitCode: 0, leftovers: 0, scenario: 'daemon-killed-at-main-end' });
    expect(m.now).toBe(3_046_500);
  });

  test('p1 is daemon-killed the moment main’s code ends: −15 SIGTERM, end123 never printed', () => {
    expect(m.processes[4101]).toMatchObject({ daemon: true, exitCode: -15, signal: 'SIGTERM', cause: 'daemon-killed', exitedAt: 143_100 });
    expect(m.arrows.filter((a) => a.kind === 'daemon-kill')).toEqual([{ kind: 'daemon-kill', from: 4100, to: 4101, t: 142_600, tEnd: 143_100, seq: 11, signal: 'SIGTERM', source: 'process' }]);
    expect(m.console.some((l) => l.text.includes('end123'))).toBe(false);
    expect(m.markers.find((x) => x.kind === 'exit' && x.pid === 4101)?.label).toBe('−15 SIGTERM');
  });

  test('main runs, ends its code, waits in join for p2, exits 0 after p2', () => {
    expect(kinds(m, 4100)).toEqual([
      ['spawned', 1_200, 38_000],
      ['running', 38_000, 142_300],
      ['exiting', 142_300, 142_900],
      ['joining', 142_900, 3_044_200],
      ['exiting', 3_044_200, 3_046_000],
    ]);
    expect(m.arrows.find((a) => a.kind === 'join')).toMatchObject({ from: 4100, to: 4102, t: 142_900, tEnd: 3_044_200 });
    expect(m.processes[4102]).toMatchObject({ cause: 'returned', exitCode: 0, exitedAt: 3_044_000 });
    expect(m.markers.find((x) => x.kind === 'main-ended')).toMatchObject({ pid: 4100, t: 142_300 });
  });

  test('console: output and lifecycle lines in arrival order', () => {
    expect(m.console.map((l) => l.text)).toEqual([
      'spawned by pid 4090',
      'spawned by MainProcess · 4100 · daemon',
      'spawned by MainProcess · 4100',
      '123',
      '456',
      'main-------',
      'daemon: SIGTERM from MainProcess · 4100, whose code had ended',
      "killed by SIGTERM · exit −15 (daemon, its parent's code had ended)",
      'end456',
      'exited · 0',
      'joined Process-2 · 4102',
      'exited · 0',
      'run completed · exit 0 · 3 processes · none left over',
    ]);
  });
});

describe('terminate (§7.1)', () => {
  const m = apply(terminateStream);

  test('the child dies by the announced SIGTERM before running a line: terminated, only a spawned segment', () => {
    expect(m.processes[8001]).toMatchObject({ cause: 'terminated', exitCode: -15, signal: 'SIGTERM', runningAt: null });
    expect(kinds(m, 8001)).toEqual([['spawned', 37_100, 40_500]]);
    expect(m.processes[8001]?.signals).toEqual([{ seq: 4, t: 37_200, by: 8000, signal: 'SIGTERM', daemonKill: false, source: 'process' }]);
  });

  test('the terminate arrow runs from the call to the death: terminate() is asynchronous', () => {
    expect(m.arrows.find((a) => a.kind === 'terminate')).toEqual({ kind: 'terminate', from: 8000, to: 8001, t: 37_200, tEnd: 40_500, seq: 4, signal: 'SIGTERM', source: 'process' });
    expect(m.markers.find((x) => x.kind === 'terminate')).toMatchObject({ pid: 8000, target: 8001, label: 'SIGTERM → Myprocess-1 · 8001' });
  });

  test('is_alive() right after terminate() says True; after the exit False', () => {
    const checks = m.console.filter((l) => l.lifecycle?.kind === 'alive-checked');
    expect(checks.map((l) => l.text)).toEqual(['is_alive(Myprocess-1 · 8001) → True', 'is_alive(Myprocess-1 · 8001) → False']);
    expect(checks.map((l) => l.lifecycle)).toEqual([
      { kind: 'alive-checked', target: 8001, alive: true },
      { kind: 'alive-checked', target: 8001, alive: false },
    ]);
    expect(m.markers.filter((x) => x.kind === 'alive-check')).toHaveLength(2);
  });
});

describe('orphans (§3.1)', () => {
  const m = apply(orphansStream);

  test('grandchildren stay under the parent that started them, re-parented to 1, running on after it ended', () => {
    expect(m.laneOrder).toEqual([6000, 6001, 6002, 6003]);
    expect(m.processes[6001]).toMatchObject({ cause: 'terminated', exitedAt: 201_000 });
    for (const pid of [6002, 6003]) {
      expect(m.processes[pid]).toMatchObject({ ppid: 6001, osPpid: 1, depth: 2, cause: 'returned', reparented: [{ t: 205_000, from: 6001, to: 1 }] });
      expect(m.processes[pid]?.exitedAt).toBeGreaterThan(m.processes[6001]?.exitedAt ?? Infinity);
    }
    expect(m.console.filter((l) => l.lifecycle?.kind === 'reparented').map((l) => [l.pid, l.text])).toEqual([
      [6002, 're-parented: ppid 6001 → 1'],
      [6003, 're-parented: ppid 6001 → 1'],
    ]);
  });

  test('the orphan’s output after its parent died is attributed to it', () => {
    expect(m.console.filter((l) => l.pid === 6002 && l.kind === 'output').map((l) => l.text)).toEqual(['tick ppid=6001', 'tick ppid=1']);
  });
});

describe('daemon zombie (§5.1)', () => {
  const m = apply(zombieStream);

  test('the daemon ends its code at once and is a zombie until main reaps it 10 s later; exit 0, returned', () => {
    expect(kinds(m, 7001)).toEqual([
      ['spawned', 39_000, 40_300],
      ['running', 40_300, 40_700],
      ['exiting', 40_700, 41_000],
      ['zombie', 41_000, 10_040_300],
    ]);
    expect(m.processes[7001]).toMatchObject({ cause: 'returned', exitCode: 0, state: 'Z', signals: [] });
  });
});

describe('daemon-no-children (§5)', () => {
  test('the daemon’s error, its traceback on stderr, exit 1 → error', () => {
    const m = apply(daemonNoChildrenStream);
    expect(m.processes[9001]).toMatchObject({ cause: 'error', exitCode: 1 });
    expect(m.processes[9001]?.error).toMatchObject({ errorType: 'AssertionError', message: 'daemonic processes are not allowed to have children' });
    expect(m.markers.find((x) => x.kind === 'error')?.label).toBe('AssertionError: daemonic processes are not allowed to have children');
    expect(m.console.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual([
      'Process Process-1:',
      'Traceback (most recent call last):',
      'AssertionError: daemonic processes are not allowed to have children',
    ]);
    expect(m.processes[9000]?.cause).toBe('returned');
  });
});

describe('exit-codes (§3.2)', () => {
  test('return 0, exception 1, exit(3), terminate −15, kill −9 side by side', () => {
    const m = apply(exitCodesStream);
    const rows = [5001, 5002, 5003, 5004, 5005].map((pid) => {
      const p = m.processes[pid];
      return [p?.exitCode, p?.cause, m.markers.find((x) => x.kind === 'exit' && x.pid === pid)?.label];
    });
    expect(rows).toEqual([
      [0, 'returned', '0'],
      [1, 'error', '1'],
      [3, 'exit', '3'],
      [-15, 'terminated', '−15 SIGTERM'],
      [-9, 'killed', '−9 SIGKILL'],
    ]);
    expect(m.laneOrder).toEqual([5000, 5001, 5002, 5003, 5004, 5005]);
  });
});
