// Idle-time compression for the timeline axis (as asciinema's idle-time limit does for terminals): which
// stretches without activity are long enough to hide behind an axis break, so 0.14 s of action and 3 s
// of waiting both read. Pure; the web's TimeScale maps time to pixels across the breaks.

import { invalidOption } from './invalid-option.js';
import type { TimelineModel } from './model.js';
import type { ForkscopeEvent } from './types.js';

/** A stretch of run time with no activity, to be hidden behind an axis break. */
export interface IdleBreak {
  /** Run time where the hidden stretch starts and ends. */
  start: number;
  end: number;
  hiddenUs: number;
  /** `2.75 s hidden` (English; translate from `hiddenUs`). */
  label: string;
}

export interface IdleCompression {
  breaks: IdleBreak[];
}

export interface CompressIdleOptions {
  /** Gaps between activity longer than this are compressed to this (half kept after, half before). */
  maxGapUs: number;
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

/** The idle breaks of a run: each stretch without activity longer than `maxGapUs`, less `maxGapUs`. */
export function compressIdle(source: readonly ForkscopeEvent[] | TimelineModel, options: CompressIdleOptions): IdleCompression {
  const { maxGapUs } = options;
  if (typeof maxGapUs !== 'number' || !(maxGapUs > 0) || !Number.isFinite(maxGapUs)) invalidOption('maxGapUs', 'a positive number of microseconds', maxGapUs);
  const times = activityTimes(source);
  const breaks: IdleBreak[] = [];
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1] as number;
    const b = times[i] as number;
    if (b - a <= maxGapUs) continue;
    const start = a + maxGapUs / 2;
    const end = b - maxGapUs / 2;
    breaks.push({ start, end, hiddenUs: end - start, label: formatHidden(end - start) });
  }
  return { breaks };
}
