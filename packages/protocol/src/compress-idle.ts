// Idle-time compression for the timeline axis (as asciinema's idle-time limit does for terminals): a
// stretch with no activity longer than `maxGapUs` is shown `maxGapUs` long plus a labelled axis break,
// so 0.14 s of action and 3 s of waiting both read. Pure: a piecewise-linear map between run time
// (µs) and display time (µs on a compressed axis), invertible for clicks and drags.

import { invalidOption } from './invalid-option.js';
import type { TimelineModel } from './model.js';
import type { ForkscopeEvent } from './types.js';

export interface AxisBreak {
  /** Run time where the hidden stretch starts and ends. */
  start: number;
  end: number;
  hiddenUs: number;
  /** Where the break sits on the display axis (it is `breakUs` wide). */
  displayStart: number;
  displayEnd: number;
  /** `2.75 s hidden` (English; translate from `hiddenUs`). */
  label: string;
}

export interface TimeMapping {
  breaks: AxisBreak[];
  /** Display width of each break. */
  breakUs: number;
  toDisplay(t: number): number;
  fromDisplay(x: number): number;
}

export interface CompressIdleOptions {
  /** Gaps between activity longer than this are compressed to this (half kept after, half before). */
  maxGapUs: number;
  /** Display width given to each break, where the web draws its zig-zag. Default 0. */
  breakUs?: number;
}

/** `2.75 s hidden`, `450 ms hidden`. */
export function formatHidden(us: number): string {
  return us >= 1_000_000 ? `${(us / 1_000_000).toFixed(2)} s hidden` : `${Math.round(us / 1000)} ms hidden`;
}

/** Every moment something happens: event times, or for a model its segment ends, markers and arrows. */
export function activityTimes(source: readonly ForkscopeEvent[] | TimelineModel): number[] {
  const times: number[] = [];
  if (Array.isArray(source)) {
    for (const e of source as readonly ForkscopeEvent[]) times.push(e.t);
  } else {
    const model = source as TimelineModel;
    if (model.run.startedAt !== null && model.run.startedAt !== undefined) times.push(model.run.startedAt);
    if (model.run.endedAt !== null) times.push(model.run.endedAt);
    for (const p of Object.values(model.processes)) {
      for (const s of p.segments) {
        times.push(s.start);
        if (s.end !== null) times.push(s.end);
      }
    }
    for (const m of model.markers) times.push(m.t);
    for (const a of model.arrows) {
      times.push(a.t);
      if (a.tEnd !== null) times.push(a.tEnd);
    }
    if (model.eventCount > 0) times.push(model.now);
  }
  return times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
}

/** The mapping for a run: each idle stretch longer than `maxGapUs` becomes an axis break. */
export function compressIdle(source: readonly ForkscopeEvent[] | TimelineModel, options: CompressIdleOptions): TimeMapping {
  const { maxGapUs } = options;
  const breakUs = options.breakUs ?? 0;
  if (typeof maxGapUs !== 'number' || !(maxGapUs > 0) || !Number.isFinite(maxGapUs)) invalidOption('maxGapUs', 'a positive number of microseconds', maxGapUs);
  if (typeof breakUs !== 'number' || !(breakUs >= 0) || !Number.isFinite(breakUs)) invalidOption('breakUs', 'a non-negative number of microseconds', breakUs);
  const times = activityTimes(source);
  const hidden: { start: number; end: number }[] = [];
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1] as number;
    const b = times[i] as number;
    if (b - a > maxGapUs) hidden.push({ start: a + maxGapUs / 2, end: b - maxGapUs / 2 });
  }
  return createTimeMapping(hidden, breakUs);
}

/** A mapping from hidden stretches (sorted, not overlapping), e.g. to rebuild one that was sent as data. */
export function createTimeMapping(hidden: readonly { start: number; end: number }[], breakUs = 0): TimeMapping {
  const breaks: AxisBreak[] = [];
  let shift = 0; // how much earlier than run time the display is, after the breaks so far
  for (const h of hidden) {
    const hiddenUs = h.end - h.start;
    const displayStart = h.start - shift;
    breaks.push({ start: h.start, end: h.end, hiddenUs, displayStart, displayEnd: displayStart + breakUs, label: formatHidden(hiddenUs) });
    shift += hiddenUs - breakUs;
  }

  /** The last break whose `key` is at or before `value` (breaks are in order on both axes). */
  const lastBreakAtOrBefore = (key: 'start' | 'displayStart', value: number): AxisBreak | undefined => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((breaks[mid] as AxisBreak)[key] <= value) lo = mid + 1;
      else hi = mid;
    }
    return breaks[lo - 1];
  };

  const toDisplay = (t: number): number => {
    const b = lastBreakAtOrBefore('start', t);
    if (!b) return t;
    if (t < b.end) return b.displayStart + (b.hiddenUs === 0 ? 0 : ((t - b.start) / b.hiddenUs) * breakUs);
    return b.displayEnd + (t - b.end);
  };

  const fromDisplay = (x: number): number => {
    const b = lastBreakAtOrBefore('displayStart', x);
    if (!b) return x;
    if (x < b.displayEnd) return b.start + (breakUs === 0 ? 0 : ((x - b.displayStart) / breakUs) * b.hiddenUs);
    return b.end + (x - b.displayEnd);
  };

  return { breaks, breakUs, toDisplay, fromDisplay };
}
