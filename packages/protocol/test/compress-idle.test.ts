import { describe, expect, test } from 'vitest';
import { applyEvents, compressIdle, createTimeMapping, createTimelineModel } from '../src/index.js';
import { daemonKilledAtMainEnd } from './streams.js';

describe('compressIdle', () => {
  test('the 2.9 s wait of §5.2 becomes one labelled break; action stays at scale', () => {
    const map = compressIdle(daemonKilledAtMainEnd, { maxGapUs: 200_000 });
    expect(map.breaks).toEqual([
      { start: 243_100, end: 2_943_000, hiddenUs: 2_699_900, displayStart: 243_100, displayEnd: 243_100, label: '2.70 s hidden' },
    ]);
    expect(map.toDisplay(142_300)).toBe(142_300);
    expect(map.toDisplay(3_043_000)).toBe(3_043_000 - 2_699_900);
    expect(map.fromDisplay(map.toDisplay(3_046_500))).toBe(3_046_500);
  });

  test('from a model gives the same breaks as from its events', () => {
    const model = applyEvents(createTimelineModel(), daemonKilledAtMainEnd);
    expect(compressIdle(model, { maxGapUs: 200_000 }).breaks).toEqual(compressIdle(daemonKilledAtMainEnd, { maxGapUs: 200_000 }).breaks);
  });

  test('no gap longer than the limit: identity', () => {
    const map = compressIdle([{ t: 0 }, { t: 100 }, { t: 250 }] as never, { maxGapUs: 200 });
    expect(map.breaks).toEqual([]);
    expect(map.toDisplay(175)).toBe(175);
    expect(map.fromDisplay(175)).toBe(175);
  });

  describe('a mapping with two breaks of width 10', () => {
    // Hidden [100, 1100] and [1200, 5200]: display is t, then t−990 after the first, t−4980 after the second.
    const map = createTimeMapping(
      [
        { start: 100, end: 1100 },
        { start: 1200, end: 5200 },
      ],
      10,
    );
    test.each([
      [0, 0],
      [100, 100],
      [600, 105],
      [1100, 110],
      [1150, 160],
      [1200, 210],
      [3200, 215],
      [5200, 220],
      [6000, 1020],
    ])('t=%s ↔ x=%s', (t, x) => {
      expect(map.toDisplay(t)).toBe(x);
      expect(map.fromDisplay(x)).toBe(t);
    });
    test('labels', () => {
      expect(map.breaks.map((b) => b.label)).toEqual(['1 ms hidden', '4 ms hidden']);
    });
  });

  test('monotonic over a dense sweep', () => {
    const map = compressIdle(daemonKilledAtMainEnd, { maxGapUs: 100_000, breakUs: 20_000 });
    let last = -Infinity;
    for (let t = 0; t <= 3_100_000; t += 1_000) {
      const x = map.toDisplay(t);
      expect(x).toBeGreaterThanOrEqual(last);
      expect(Math.abs(map.fromDisplay(x) - t)).toBeLessThan(1e-6);
      last = x;
    }
  });

  test.each([
    [{ maxGapUs: 0 }, 'Expected the `maxGapUs` option to be a positive number of microseconds, got `0` (number)'],
    [{ maxGapUs: Number.NaN }, 'Expected the `maxGapUs` option to be a positive number of microseconds, got `NaN` (number)'],
    [{ maxGapUs: 10, breakUs: -1 }, 'Expected the `breakUs` option to be a non-negative number of microseconds, got `-1` (number)'],
  ])('misuse throws naming the option: %j', (options, message) => {
    expect(() => compressIdle([], options)).toThrow(expect.objectContaining({ name: 'TypeError', message, code: 'ERR_INVALID_OPTION' }));
  });
});
