import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, eventIndexAfterSeq, eventIndexAt, isLifecycleEvent } from '../src/index.js';
import { daemonKilledAtMainEnd } from './streams.js';

describe('eventIndexAt', () => {
  const events = [0, 10, 10, 20, 35].map((t) => ({ t }));
  test.each([
    [-1, 0],
    [0, 1],
    [5, 1],
    [10, 3],
    [19, 3],
    [20, 4],
    [35, 5],
    [1e9, 5],
  ])('t=%s → %s events', (t, n) => {
    expect(eventIndexAt(events, t)).toBe(n);
  });

  test('empty list', () => {
    expect(eventIndexAt([], 5)).toBe(0);
  });

  test('seeking in a real stream shows exactly what happened by then', () => {
    const n = eventIndexAt(daemonKilledAtMainEnd, 143_100);
    const m = applyEvents(createTimelineModel(), daemonKilledAtMainEnd.slice(0, n));
    expect(m.processes[4101]?.cause).toBe('daemon-killed');
    expect(m.processes[4102]?.exitedAt).toBeNull();
  });
});

describe('eventIndexAfterSeq', () => {
  const events = [0, 1, 2, 5, 6, 9].map((seq) => ({ seq }));
  test.each([
    [-1, 0],
    [0, 1],
    [2, 3],
    [3, 3],
    [5, 4],
    [9, 6],
    [100, 6],
  ])('seq %s → %s events', (seq, n) => {
    expect(eventIndexAfterSeq(events, seq)).toBe(n);
  });
});

describe('isLifecycleEvent', () => {
  test('steps in a process’s life, not its output or the run’s start', () => {
    const steps = daemonKilledAtMainEnd.filter(isLifecycleEvent).map((e) => e.type);
    expect(steps).toEqual([
      'process.spawned',
      'process.spawned',
      'process.spawned',
      'process.main-ended',
      'process.daemon-killed',
      'process.joining',
      'process.exited',
      'process.exited',
      'process.joined',
      'process.exited',
      'run.ended',
    ]);
  });
});
