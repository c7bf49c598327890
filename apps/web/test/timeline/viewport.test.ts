import { describe, expect, test } from 'vitest';
import { TimeScale } from '../../src/timeline/time-scale.js';
import { clampViewport } from '../../src/timeline/viewport.js';

// A 10 s run on a plot from x = 20 to x = 1020: 1 px per 10 ms when fitted.
const fit = TimeScale.fit(10_000_000, 1000, { leftPx: 20 });

describe('clampViewport', () => {
  test('zooming out past the whole run shows the whole run', () => {
    expect(clampViewport({ pxPerUs: fit.pxPerUs / 2, originPx: 300 }, fit, 10_000_000, 1020)).toBeNull();
    expect(clampViewport({ pxPerUs: fit.pxPerUs, originPx: 20 }, fit, 10_000_000, 1020)).toBeNull();
  });

  test('never shows time before 0: t = 0 stays at or left of the plot’s left edge', () => {
    const v = clampViewport({ pxPerUs: fit.pxPerUs * 4, originPx: 400 }, fit, 10_000_000, 1020)!;
    expect(v.originPx).toBe(20);
    expect(new TimeScale(v).pxToTime(20)).toBe(0);
  });

  test('nor time after the end: the end stays at or right of the right edge', () => {
    const v = clampViewport({ pxPerUs: fit.pxPerUs * 4, originPx: -10_000 }, fit, 10_000_000, 1020)!;
    expect(new TimeScale(v).timeToPx(10_000_000)).toBeCloseTo(1020, 6);
  });

  test('a viewport inside the run is kept as it is', () => {
    expect(clampViewport({ pxPerUs: fit.pxPerUs * 4, originPx: -1000 }, fit, 10_000_000, 1020)).toEqual({ pxPerUs: fit.pxPerUs * 4, originPx: -1000 });
  });

  test('with axis breaks, the bounds follow the compressed axis', () => {
    const breaks = [{ start: 2_000_000, end: 8_000_000 }];
    const fitted = TimeScale.fit(10_000_000, 1000, { leftPx: 20, breaks, breakPx: 40 });
    const v = clampViewport({ pxPerUs: fitted.pxPerUs * 2, originPx: -5000 }, fitted, 10_000_000, 1020)!;
    expect(new TimeScale({ ...v, breaks, breakPx: 40 }).timeToPx(10_000_000)).toBeCloseTo(1020, 6);
  });
});
