// The pure parts of following and of touch: the same window of time on a plot of another width, what the
// teacher sends when, two fingers' zoom and pan, and the QR code's path.
import { describe, expect, it } from 'vitest';
import type { ClassView } from '@forkscope/protocol';
import { viewportShowing } from '../../src/classroom/follow-teacher.js';
import { viewKey } from '../../src/classroom/teacher-view.js';
import { qrPath } from '../../src/classroom/qr-code.js';
import { pinchStep } from '../../src/timeline/pinch.js';
import { TimeScale } from '../../src/timeline/time-scale.js';

const view = (patch: Partial<ClassView>): ClassView => ({ scenario: 'join', runId: 'r1', playhead: null, clock: 0, playing: false, speed: 1, window: null, selectedSeq: null, ...patch });

describe('following the teacher', () => {
  it.each([
    ['no breaks', []],
    ['a break inside the window', [{ start: 1_200_000, end: 2_900_000 }]],
    ['a break before it', [{ start: 100_000, end: 400_000 }]],
  ])('a window of time fills this plot edge to edge (%s)', (_, breaks) => {
    const fit = TimeScale.fit(4_000_000, 300, { leftPx: 18, breaks, breakPx: 28 });
    const frame = { fit, plotLeft: 18, plotRight: 318 };
    const window = { from: 900_000, to: 3_300_000 };
    const manual = viewportShowing(window, frame)!;
    const scale = new TimeScale({ ...manual, breaks, breakPx: 28 });
    expect(scale.timeToPx(window.from)).toBeCloseTo(18, 6);
    expect(scale.timeToPx(window.to)).toBeCloseTo(318, 6);
  });

  it('shows the whole run when the teacher does, or before the plot is measured', () => {
    expect(viewportShowing(null, { fit: TimeScale.fit(1, 100), plotLeft: 0, plotRight: 100 })).toBeNull();
    expect(viewportShowing({ from: 0, to: 10 }, { fit: null, plotLeft: 0, plotRight: 100 })).toBeNull();
  });

  it('the teacher sends on a change of what students see; the clock counts when paused in a replay, coarsely while playing, not live', () => {
    expect(viewKey(view({ clock: 100 }))).toBe(viewKey(view({ clock: 900_000 })));
    expect(viewKey(view({ playhead: 5, clock: 100 }))).not.toBe(viewKey(view({ playhead: 5, clock: 200 })));
    expect(viewKey(view({ playing: true, playhead: 5, clock: 100_000 }))).toBe(viewKey(view({ playing: true, playhead: 5, clock: 110_000 })));
    expect(viewKey(view({ playing: true, playhead: 5, clock: 100_000 }))).not.toBe(viewKey(view({ playing: true, playhead: 5, clock: 400_000 })));
    expect(viewKey(view({ selectedSeq: 3 }))).not.toBe(viewKey(view({ selectedSeq: 4 })));
  });
});

describe('pinch', () => {
  it('spreading two fingers zooms in around their midpoint; moving them together pans', () => {
    expect(pinchStep({ a: { x: 100, y: 0 }, b: { x: 200, y: 0 } }, { a: { x: 50, y: 0 }, b: { x: 250, y: 0 } })).toEqual({ factor: 2, anchor: 150, dx: 0 });
    expect(pinchStep({ a: { x: 100, y: 0 }, b: { x: 200, y: 0 } }, { a: { x: 130, y: 0 }, b: { x: 230, y: 0 } })).toEqual({ factor: 1, anchor: 150, dx: 30 });
    expect(pinchStep({ a: { x: 100, y: 0 }, b: { x: 102, y: 0 } }, { a: { x: 100, y: 0 }, b: { x: 200, y: 0 } })).toBeNull();
  });
});

describe('QR code', () => {
  it('draws one unit square per dark module', () => {
    expect(qrPath([[true, false], [false, true]])).toBe('M0 0h1v1h-1zM1 1h1v1h-1z');
  });
});
