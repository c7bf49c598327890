import { describe, expect, test } from 'vitest';
import { TimeScale, formatSeconds, niceStep } from '../../src/timeline/time-scale.js';

describe('TimeScale without breaks', () => {
  const scale = new TimeScale({ pxPerUs: 0.001, originPx: 20 }); // 1 px per ms

  test.each([
    [0, 20],
    [1_000, 21],
    [142_000, 162],
    [3_046_000, 3066],
  ])('timeToPx(%i) = %i', (t, x) => {
    expect(scale.timeToPx(t)).toBeCloseTo(x, 9);
  });

  test.each([0, 1_000, 142_000, 3_046_000])('pxToTime inverts timeToPx at %i µs', (t) => {
    expect(scale.pxToTime(scale.timeToPx(t))).toBeCloseTo(t, 6);
  });

  test('durationToPx scales by pxPerUs', () => {
    expect(scale.durationToPx(250_000)).toBe(250);
  });

  test('rejects a non-positive pxPerUs, quoting the value', () => {
    expect(() => new TimeScale({ pxPerUs: 0, originPx: 0 })).toThrow('Expected the `pxPerUs` option to be a positive number, got `0`');
  });
});

describe('TimeScale with an axis break', () => {
  // 0.25 s – 3.00 s hidden behind a 40 px break; 1 px per ms elsewhere.
  const scale = new TimeScale({ pxPerUs: 0.001, originPx: 0, breaks: [{ start: 250_000, end: 3_000_000 }], breakPx: 40 });

  test.each([
    ['before the break', 100_000, 100],
    ['at its start', 250_000, 250],
    ['halfway through (spread over the break)', 1_625_000, 270],
    ['at its end', 3_000_000, 290],
    ['after it', 3_046_000, 336],
  ])('timeToPx %s', (_name, t, x) => {
    expect(scale.timeToPx(t)).toBeCloseTo(x, 6);
  });

  test.each([100_000, 250_000, 1_625_000, 3_000_000, 3_046_000])('pxToTime inverts timeToPx at %i µs', (t) => {
    expect(scale.pxToTime(scale.timeToPx(t))).toBeCloseTo(t, 3);
  });

  test('breakAt finds the break that hides a time, and nothing outside it', () => {
    expect(scale.breakAt(1_000_000)).toEqual({ start: 250_000, end: 3_000_000 });
    expect(scale.breakAt(100_000)).toBeUndefined();
    expect(scale.breakAt(3_000_000)).toBeUndefined();
  });

  test('fit shows [0, end] across the width, breaks included', () => {
    const fit = TimeScale.fit(3_046_000, 336, { breaks: [{ start: 250_000, end: 3_000_000 }], breakPx: 40, leftPx: 10 });
    expect(fit.timeToPx(0)).toBeCloseTo(10, 9);
    expect(fit.timeToPx(3_046_000)).toBeCloseTo(346, 6);
    expect(fit.pxPerUs).toBeCloseTo(0.001, 12);
  });

  test('fit ignores breaks that end after the shown range', () => {
    const fit = TimeScale.fit(1_000_000, 1000, { breaks: [{ start: 500_000, end: 2_000_000 }], breakPx: 40 });
    expect(fit.breaks).toEqual([]);
    expect(fit.timeToPx(1_000_000)).toBeCloseTo(1000, 6);
  });

  test('zoomedAt keeps the time under the anchor where it was', () => {
    const anchor = scale.timeToPx(3_020_000);
    const zoomed = scale.zoomedAt(4, anchor);
    expect(zoomed.timeToPx(3_020_000)).toBeCloseTo(anchor, 6);
    expect(zoomed.pxPerUs).toBeCloseTo(0.004, 12);
    expect(zoomed.breakPx).toBe(40);
  });

  test('pannedBy moves every time by the same pixels', () => {
    const panned = scale.pannedBy(-50);
    expect(panned.timeToPx(100_000)).toBeCloseTo(50, 6);
    expect(panned.timeToPx(3_046_000)).toBeCloseTo(286, 6);
  });

  test('ticks label both ends of the break and put none inside it', () => {
    const ticks = scale.ticks(0, 340, 50);
    const times = ticks.map((k) => k.t);
    expect(times).toContain(250_000);
    expect(times).toContain(3_000_000);
    expect(times.filter((t) => t > 250_000 && t < 3_000_000)).toEqual([]);
    expect(ticks.find((k) => k.t === 0)?.label).toBe('0.00'); // 50 ms steps: two decimals
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.x).toBeGreaterThan(ticks[i - 1]!.x);
  });
});

describe('niceStep and formatSeconds', () => {
  test.each([
    [1, 1],
    [3, 5],
    [7, 10],
    [120, 200],
    [40_000, 50_000],
    [600_000, 1_000_000],
  ])('niceStep(%i) = %i', (min, step) => {
    expect(niceStep(min)).toBe(step);
  });

  test('formatSeconds prints µs as seconds', () => {
    expect(formatSeconds(142_000)).toBe('0.142');
    expect(formatSeconds(3_046_000, 2)).toBe('3.05');
  });
});
