// Replay helpers for the web's seek bar and the CLI's `replay`: where in the event list a time falls,
// and which moments are worth a marker on the seek bar.

import type { EventType, ForkscopeEvent } from './types.js';

/**
 * How many events to apply to show the run at time `t` (µs): the index of the first event after `t`,
 * by binary search. Events are in seq order and `t` rises with it except for small clock skew between
 * processes, which only moves a skewed event by its skew.
 */
export function eventIndexAt(events: readonly Pick<ForkscopeEvent, 't'>[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as Pick<ForkscopeEvent, 't'>).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Event types that mark a step in a process's life (seek-bar ticks, step to next/previous). */
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'run.started',
  'process.spawned',
  'process.running',
  'process.main-ended',
  'process.joining',
  'process.joined',
  'process.terminating',
  'process.daemon-killed',
  'process.error',
  'process.exited',
  'process.reparented',
  'run.ended',
]);

export interface LifecycleTime {
  seq: number;
  t: number;
  pid: number;
  type: EventType;
  /** Index of the event in the list given (apply `index + 1` events to show it). */
  index: number;
}

/** The lifecycle moments of a run, in seq order. */
export function lifecycleTimes(events: readonly ForkscopeEvent[]): LifecycleTime[] {
  const out: LifecycleTime[] = [];
  events.forEach((e, index) => {
    if (LIFECYCLE_EVENT_TYPES.has(e.type)) out.push({ seq: e.seq, t: e.t, pid: e.pid, type: e.type, index });
  });
  return out;
}
