import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, eventIndexAt, lifecycleTimes } from '../src/index.js';
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

describe('lifecycleTimes', () => {
  test('lifecycle steps only, with the index to apply up to', () => {
    const times = lifecycleTimes(daemonKilledAtMainEnd);
    expect(times.map((x) => x.type)).toEqual([
      'run.started',
      'process.spawned',
      'process.running',
      'process.spawned',
      'process.spawned',
      'process.running',
      'process.running',
      'process.main-ended',
      'process.daemon-killed',
      'process.joining',
      'process.exited',
      'process.exited',
      'process.joined',
      'process.exited',
      'run.ended',
    ]);
    for (const x of times) expect(daemonKilledAtMainEnd[x.index]).toMatchObject({ seq: x.seq, t: x.t, pid: x.pid, type: x.type });
  });
});
