// Playback verbs shared by the replay bar, the keyboard and "show on timeline" links: each moves the
// store (which events are shown) and the view's clock (where the cursor is) together. None of them
// changes what the run is (the run state): they only move the playhead.

import { eventIndexAfterSeq } from '@forkscope/protocol';
import type { TimelineInstance } from '../store/timeline-context.js';
import { runInProgress } from '../store/run-state.js';
import { TimeScale } from '../timeline/time-scale.js';
import { clampViewport, type Viewport } from '../timeline/viewport.js';

/** Show everything up to `t` µs and put the cursor there (never past the end). */
export function seekTime({ store, view }: TimelineInstance, t: number): void {
  const { duration } = store.getState();
  const clamped = Math.max(0, Math.min(t, duration));
  store.getState().seekToTime(clamped);
  view.setState({ clock: clamped });
}

/** One event forward or back (lifecycle events only with `lifecycleOnly`). */
export function stepEvent({ store, view }: TimelineInstance, direction: 1 | -1, lifecycleOnly = false): void {
  const s = store.getState();
  if (runInProgress(s.run)) return;
  s.setPlaying(false);
  s.step(direction, lifecycleOnly);
  const { events, applied, duration } = store.getState();
  view.setState({ clock: applied === 0 ? 0 : Math.min(duration, events[applied - 1]!.t) });
}

export function togglePlay(instance: TimelineInstance): void {
  const s = instance.store.getState();
  if (s.events.length === 0 || runInProgress(s.run)) return;
  if (s.playing) {
    s.setPlaying(false);
    return;
  }
  // Playing from the end starts over.
  if (s.applied >= s.events.length && instance.view.getState().clock >= s.duration) seekTime(instance, 0);
  instance.store.getState().setPlaying(true);
}

/** Go to the event with `seq` (a run that is over shows everything up to it) and select it. */
export function showMoment(instance: TimelineInstance, seq: number): void {
  const s = instance.store.getState();
  const index = eventIndexAfterSeq(s.events, seq) - 1;
  if (index < 0 || s.events[index]!.seq !== seq) return;
  if (!runInProgress(s.run)) {
    s.setPlaying(false);
    s.seekToCount(index + 1);
    instance.view.setState({ clock: Math.min(s.duration, s.events[index]!.t) });
  }
  instance.store.getState().select(seq);
  ensureVisible(instance, s.events[index]!.t);
}

/** Pan a manual viewport so time `t` is on screen. */
export function ensureVisible(instance: TimelineInstance, t: number): void {
  const { view, frame } = instance;
  const { manual } = view.getState();
  const scale = frame.scale;
  if (!manual || !scale) return;
  const x = scale.timeToPx(t);
  if (x < frame.plotLeft + 20 || x > frame.plotRight - 20) {
    const middle = (frame.plotLeft + frame.plotRight) / 2;
    setViewport(instance, { pxPerUs: manual.pxPerUs, originPx: manual.originPx + middle - x });
  }
}

/** The viewport as it is now, not as last drawn: two key presses may come within one frame. */
function currentScale({ view, frame }: TimelineInstance): TimeScale | null {
  if (!frame.scale) return null;
  const { manual } = view.getState();
  return manual ? new TimeScale({ ...manual, breaks: frame.scale.breaks, breakPx: frame.scale.breakPx }) : frame.scale;
}

/** A manual viewport, kept inside the run (no time before 0, never wider than the whole run). */
function setViewport({ view, frame }: TimelineInstance, next: Viewport): void {
  view.setState({ manual: frame.fit ? clampViewport(next, frame.fit, frame.end, frame.plotRight) : next });
}

/** Zoom the viewport by `factor` around screen x `anchorPx` (the cursor by default). */
export function zoomBy(instance: TimelineInstance, factor: number, anchorPx?: number): void {
  const scale = currentScale(instance);
  if (!scale) return;
  const next = scale.zoomedAt(factor, anchorPx ?? scale.timeToPx(instance.view.getState().clock));
  setViewport(instance, { pxPerUs: next.pxPerUs, originPx: next.originPx });
}

/** Move the picture by `dx` pixels (positive: to the right, showing earlier times). */
export function panBy(instance: TimelineInstance, dx: number): void {
  const scale = currentScale(instance);
  if (!scale) return;
  const next = scale.pannedBy(dx);
  setViewport(instance, { pxPerUs: next.pxPerUs, originPx: next.originPx });
}

export function fitView({ view }: TimelineInstance): void {
  view.setState({ manual: null });
}
