// Replay helpers for the web's seek bar and steps: where in the event list a time or a seq falls, and
// which events are steps in a process's life.

import type { EventType, ForkscopeEvent } from './types.js';

/** How many of the leading `list` entries have `key` ≤ `value`, by binary search (the list rising in `key`). */
function countUpTo<K extends 't' | 'seq'>(list: readonly Pick<ForkscopeEvent, K>[], key: K, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Pick<ForkscopeEvent, K>)[key] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many events to apply to show the run at time `t` (µs): the index of the first event after `t`,
 * by binary search. Events are in seq order and `t` rises with it except for small clock skew between
 * processes, which only moves a skewed event by its skew.
 */
export function eventIndexAt(events: readonly Pick<ForkscopeEvent, 't'>[], t: number): number {
  return countUpTo(events, 't', t);
}

/** How many events to apply to show the run up to and including the event `seq`, by binary search (events in seq order, gaps allowed). */
export function eventIndexAfterSeq(events: readonly Pick<ForkscopeEvent, 'seq'>[], seq: number): number {
  return countUpTo(events, 'seq', seq);
}

/** Event types that mark a step in a process's life: the replay's seek-bar ticks, its steps and its "pause at markers" stops. */
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'process.spawned',
  'process.joining',
  'process.joined',
  'process.terminating',
  'process.alive-checked',
  'process.main-ended',
  'process.daemon-killed',
  'process.error',
  'process.exited',
  'process.reparented',
  'process.signalled',
  'run.ended',
]);

export function isLifecycleEvent(event: Pick<ForkscopeEvent, 'type'>): boolean {
  return LIFECYCLE_EVENT_TYPES.has(event.type);
}
