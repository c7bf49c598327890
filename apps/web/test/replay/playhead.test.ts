import { describe, expect, test } from 'vitest';
import { advancePlayhead } from '../../src/replay/playhead.js';
import { daemonKilledRun } from '../support/event-stream.js';

const events = daemonKilledRun();
const base = { events, breaks: [], duration: 3_046_500, clock: 0, applied: 0, elapsedMs: 0, speed: 1, pauseAtMarkers: false };

describe('advancePlayhead', () => {
  test('moves the clock by wall time × speed and shows the events up to it', () => {
    const step = advancePlayhead({ ...base, elapsedMs: 10, speed: 4 }); // 40 ms of run time
    expect(step).toEqual({ clock: 40_000, count: 6, stop: false });
  });

  test('slow speeds move slowly', () => {
    expect(advancePlayhead({ ...base, clock: 40_000, applied: 6, elapsedMs: 4, speed: 0.25 })).toEqual({ clock: 41_000, count: 7, stop: false });
  });

  test('jumps over an idle stretch hidden behind an axis break', () => {
    const step = advancePlayhead({ ...base, breaks: [{ start: 300_000, end: 2_900_000 }], clock: 290_000, applied: 13, elapsedMs: 16 });
    expect(step.clock).toBe(2_900_000);
    expect(step.count).toBe(13);
  });

  test('stops at the end', () => {
    expect(advancePlayhead({ ...base, clock: 3_040_000, applied: 13, elapsedMs: 100, speed: 4 })).toEqual({ clock: 3_046_500, count: events.length, stop: true });
  });

  test('the clock never passes the duration, even with events still to show', () => {
    const step = advancePlayhead({ ...base, duration: 41_000, clock: 40_000, applied: 6, elapsedMs: 100 });
    expect(step.clock).toBe(41_000);
    expect(step.stop).toBe(false);
  });

  test('with pause at markers, stops on the first lifecycle event it reaches', () => {
    const step = advancePlayhead({ ...base, clock: 100_000, applied: 8, elapsedMs: 100, speed: 1, pauseAtMarkers: true });
    expect(events[step.count - 1]!.type).toBe('process.main-ended');
    expect(step).toMatchObject({ clock: 142_200, stop: true });
  });
});

describe('advancePlayhead on a long run', () => {
  test('shows exactly the events up to the clock, frame by frame, to the end', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => ({ ...events[i % 2 === 0 ? 3 : 4]!, seq: i, t: i * 50 }));
    let step = { clock: 0, count: 0, stop: false };
    for (let frame = 0; frame < 400 && !step.stop; frame++) {
      step = advancePlayhead({ ...base, events: long, duration: long.at(-1)!.t, clock: step.clock, applied: step.count, elapsedMs: 16, speed: 10 });
      expect(step.count).toBe(long.filter((e) => e.t <= step.clock).length);
    }
    expect(step).toEqual({ clock: long.at(-1)!.t, count: long.length, stop: true });
  });
});
