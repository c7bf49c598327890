// Playback verbs shared by the replay bar, the keyboard and "show on timeline" links: each moves the
// store (which events are shown) and the view's clock (where the cursor is) together.

import type { TimelineInstance } from '../store/timeline-context.js';
import { TimeScale } from '../timeline/time-scale.js';

/** Show everything up to `t` µs and put the cursor there. */
export function seekTime({ store, view }: TimelineInstance, t: number): void {
  const { duration } = store.getState();
  const clamped = Math.max(0, Math.min(t, duration));
  store.getState().seekToTime(clamped);
  view.setState({ clock: clamped });
}

/** One event forward or back (lifecycle events only with `lifecycleOnly`). */
export function stepEvent({ store, view }: TimelineInstance, direction: 1 | -1, lifecycleOnly = false): void {
  const s = store.getState();
  s.setPlaying(false);
  s.step(direction, lifecycleOnly);
  const { events, applied } = store.getState();
  view.setState({ clock: applied === 0 ? 0 : events[applied - 1]!.t });
}

export function togglePlay(instance: TimelineInstance): void {
  const s = instance.store.getState();
  if (s.events.length === 0) return;
  if (s.playing) {
    s.setPlaying(false);
    return;
  }
  // Playing from the end starts over.
  if (s.applied >= s.events.length && instance.view.getState().clock >= s.duration) seekTime(instance, 0);
  instance.store.getState().setPlaying(true);
}

/** Go to the event with `seq` (replays show everything up to it) and select it. */
export function showMoment(instance: TimelineInstance, seq: number): void {
  const s = instance.store.getState();
  const index = s.events.findIndex((e) => e.seq === seq);
  if (index < 0) return;
  const live = s.source.kind === 'live' && s.model.run.endedAt === null;
  if (!live) {
    s.setPlaying(false);
    s.seekToCount(index + 1);
    instance.view.setState({ clock: s.events[index]!.t });
  }
  instance.store.getState().select(seq);
  ensureVisible(instance, s.events[index]!.t);
}

/** Pan a manual viewport so time `t` is on screen. */
export function ensureVisible({ view, frame }: TimelineInstance, t: number): void {
  const { manual } = view.getState();
  const scale = frame.scale;
  if (!manual || !scale) return;
  const x = scale.timeToPx(t);
  if (x < frame.plotLeft + 20 || x > frame.plotRight - 20) {
    const middle = (frame.plotLeft + frame.plotRight) / 2;
    view.setState({ manual: { pxPerUs: manual.pxPerUs, originPx: manual.originPx + middle - x } });
  }
}

/** Zoom the viewport by `factor` around screen x `anchorPx` (the middle by default). */
export function zoomBy({ view, frame }: TimelineInstance, factor: number, anchorPx?: number): void {
  if (!frame.scale) return;
  // From the viewport as it is now, not as last drawn: two key presses may come within one frame.
  const { manual } = view.getState();
  const scale = manual ? new TimeScale({ ...manual, breaks: frame.scale.breaks, breakPx: frame.scale.breakPx }) : frame.scale;
  const next = scale.zoomedAt(factor, anchorPx ?? scale.timeToPx(view.getState().clock));
  view.setState({ manual: { pxPerUs: next.pxPerUs, originPx: next.originPx } });
}

export function fitView({ view }: TimelineInstance): void {
  view.setState({ manual: null });
}
