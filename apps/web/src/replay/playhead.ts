// Where the replay playhead goes next frame. Pure: the frame loop calls it with the wall time elapsed.

import { eventIndexAt, type ForkscopeEvent } from '@forkscope/protocol';
import type { AxisBreak } from '../timeline/time-scale.js';
import { isLifecycleEvent } from '../store/lifecycle-events.js';

export interface PlayheadStep {
  /** New playhead time, µs: never past `duration`. */
  clock: number;
  /** Events to show (the first `count`). */
  count: number;
  /** Playback should pause (end reached, or a lifecycle marker with "pause at markers"). */
  stop: boolean;
}

export function advancePlayhead(input: {
  events: readonly ForkscopeEvent[];
  breaks: readonly AxisBreak[];
  duration: number;
  clock: number;
  applied: number;
  elapsedMs: number;
  speed: number;
  pauseAtMarkers: boolean;
}): PlayheadStep {
  const { events, breaks, duration } = input;
  let target = input.clock + input.elapsedMs * 1000 * input.speed;
  // Idle stretches behind an axis break are skipped in playback too, as asciinema skips idle time.
  const inBreak = breaks.find((b) => target > b.start && target < b.end);
  if (inBreak) target = inBreak.end;
  // The events up to the target, found by binary search; only "pause at markers" looks at each of the
  // ones this frame adds, for the first lifecycle event among them.
  const count = Math.max(input.applied, eventIndexAt(events, target));
  if (input.pauseAtMarkers) {
    for (let i = input.applied; i < count; i++) {
      if (isLifecycleEvent(events[i]!)) return { clock: Math.min(duration, events[i]!.t), count: i + 1, stop: true };
    }
  }
  if (count >= events.length && target >= duration) return { clock: duration, count: events.length, stop: true };
  return { clock: Math.min(target, duration), count, stop: false };
}
