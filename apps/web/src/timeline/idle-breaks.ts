// Which idle stretches become axis breaks. What counts as activity is core's `compressIdle`; the web
// only picks the gap worth compressing, relative to the run's length, so a 3 s wait beside 0.14 s of
// action becomes a break while a lesson made of 1 s steps (join in a loop) keeps its rhythm.

import { compressIdle, type TimelineModel } from '@forkscope/protocol';
import type { AxisBreak } from './time-scale.js';

/** Gaps shorter than this are never compressed. */
const MIN_GAP_US = 250_000;
/** Gaps shorter than this share of the run are kept, and so are breaks that would hide less than it. */
const GAP_SHARE = 0.15;

export function idleBreaks(model: TimelineModel): AxisBreak[] {
  if (model.eventCount === 0) return [];
  const duration = model.run.endedAt ?? model.now;
  const maxGapUs = Math.max(MIN_GAP_US, duration * GAP_SHARE);
  return compressIdle(model, { maxGapUs })
    .breaks.filter((b) => b.hiddenUs >= maxGapUs)
    .map((b) => ({ start: b.start, end: b.end }));
}
