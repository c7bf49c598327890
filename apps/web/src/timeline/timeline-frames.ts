// The timeline's frames: on demand (frame-loop.ts). A frame is asked for when the store or the view
// state changes, the plot is resized or scrolled, or React re-rendered the lanes; while a live run's
// clock runs or a replay plays, each frame asks for the next. A frame moves the clock (never past the
// duration), advances a playing replay, draws the canvas, and places the DOM exit badges.

import type { Marker, TimelineModel } from '@forkscope/protocol';
import type { TimelineInstance } from '../store/timeline-context.js';
import { liveClockRuns } from '../store/run-state.js';
import { advancePlayhead } from '../replay/playhead.js';
import { clampViewport } from './viewport.js';
import { drawTimeline, type SceneText } from './draw-timeline.js';
import { createFrameLoop } from './frame-loop.js';
import type { Geometry } from './geometry.js';
import type { LaneLayout } from './layout.js';
import { TimeScale } from './time-scale.js';

export const PLOT_LEFT = 18;

export interface FrameInputs {
  geometry: Geometry;
  lanes: readonly LaneLayout[];
  height: number;
  sceneText: SceneText;
  markerLabel: (marker: Marker) => string;
}

export interface FrameElements {
  canvas: React.RefObject<HTMLCanvasElement | null>;
  plot: React.RefObject<HTMLDivElement | null>;
  scroll: React.RefObject<HTMLDivElement | null>;
  badges: React.RefObject<Map<number, HTMLElement>>;
  labels: React.RefObject<HTMLDivElement | null>;
}

export function startTimelineFrames(instance: TimelineInstance, el: FrameElements, inputs: React.RefObject<FrameInputs>): () => void {
  const { store, view, controller, frame } = instance;
  let last: number | null = null;
  // Sizes and scroll position are cached from observers: reading them in the frame would force a layout.
  const box = { width: 0, viewHeight: 0, scrollTop: 0 };
  const badgeSizes = new Map<number, { w: number; h: number }>();

  const tick = (now: number): boolean => {
    const elapsed = last === null ? 0 : Math.min(100, now - last);
    const s = store.getState();
    let clock = view.getState().clock;
    const liveRunning = s.source.kind === 'live' && liveClockRuns(s.run) && s.applied === s.events.length;
    if (liveRunning) {
      clock = controller.liveClock(now);
    } else if (s.playing) {
      const step = advancePlayhead({
        events: s.events,
        breaks: s.breaks,
        duration: s.duration,
        clock,
        applied: s.applied,
        elapsedMs: elapsed,
        speed: s.speed,
        pauseAtMarkers: s.pauseAtMarkers,
      });
      if (step.count !== s.applied) s.seekToCount(step.count);
      clock = step.clock;
      if (step.stop) s.setPlaying(false);
    } else if (s.source.kind === 'live' && s.applied === s.events.length) {
      // A live run that ended, or whose server is away: the clock stands at its last event.
      clock = s.duration;
    }
    clock = Math.max(0, liveRunning ? clock : Math.min(clock, s.duration));
    if (clock !== view.getState().clock) view.setState({ clock });
    draw();
    const state = store.getState();
    if (frame.idleWaiters.length > 0 && !controller.starting && !state.playing && frame.drawnVersion === state.version) {
      for (const w of frame.idleWaiters.splice(0)) w();
    }
    const animating = liveRunning || state.playing;
    last = animating ? now : null;
    return animating;
  };

  const draw = () => {
    const canvas = el.canvas.current;
    const plot = el.plot.current;
    if (!canvas || !plot) return;
    const { geometry, lanes, height, sceneText, markerLabel } = inputs.current;
    const width = box.width;
    // The canvas is one viewport tall (sticky in the scrolling plot), so 200 lanes cost no more pixels than 5.
    const viewTop = box.scrollTop;
    const viewHeight = Math.min(height, box.viewHeight || height);
    const state = store.getState();
    const v = view.getState();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(viewHeight * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(viewHeight * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${viewHeight}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    measureBadges(el.badges.current, badgeSizes, geometry.fontScale);
    const liveRunning = state.source.kind === 'live' && liveClockRuns(state.run) && state.applied === state.events.length;
    const end = Math.max(200_000, liveRunning ? Math.max(v.clock, state.model.now) : Math.max(state.duration, state.model.now));
    const fitTo = (right: number) => TimeScale.fit(end, right - PLOT_LEFT, { leftPx: PLOT_LEFT, breaks: state.breaks, breakPx: geometry.breakPx });
    // Room on the right for the badges of the last exits, so they sit after their exits rather than over the bars.
    let plotRight = width - geometry.rightPad;
    let fit = fitTo(plotRight);
    const overflow = badgeOverflow(state.model, badgeSizes, fit, width);
    if (overflow > 0) {
      plotRight = width - Math.min(width * 0.35, geometry.rightPad + overflow);
      fit = fitTo(plotRight);
    }
    const manual = v.manual && clampViewport(v.manual, fit, end, plotRight);
    const scale = manual ? new TimeScale({ ...manual, breaks: state.breaks, breakPx: geometry.breakPx }) : fit;
    frame.markerIndex.update(state.model.markers);
    // The axis stays in view at the bottom of the visible band when the lanes scroll.
    const axisY = Math.min(height - geometry.axisSpace + 6, viewTop + viewHeight - geometry.axisSpace + 6);
    const drawn = drawTimeline(ctx, {
      model: state.model,
      lanes,
      scale,
      width,
      height: viewHeight,
      viewTop,
      plotLeft: PLOT_LEFT,
      plotRight,
      axisY,
      barHeight: geometry.barHeight,
      fontScale: geometry.fontScale,
      now: v.clock,
      // The cursor shows "now" while something moves: a live run, or a replay not at its end.
      showCursor: liveRunning || (state.events.length > 0 && v.clock < state.duration),
      selectedSeq: state.selectedSeq,
      hoverSeq: v.hoverSeq,
      text: sceneText,
      markerIndex: frame.markerIndex,
      badgeSizes,
      markerLabel,
    });
    placeBadges(el.badges.current, drawn.badges, badgeSizes, width, axisY);
    // Lane labels scrolled under the axis are hidden with it.
    const labels = el.labels.current;
    const cut = `inset(0 0 ${Math.max(0, Math.round(height - axisY))}px 0)`;
    if (labels && labels.style.clipPath !== cut) labels.style.clipPath = cut;
    Object.assign(frame, { scale, fit, end, plotLeft: PLOT_LEFT, plotRight, viewTop, lanes, drawn, drawnVersion: state.version });
    frame.frames += 1;
  };

  const loop = createFrameLoop(tick);
  const measure = () => {
    if (el.plot.current) box.width = el.plot.current.clientWidth;
    if (el.scroll.current) {
      box.viewHeight = el.scroll.current.clientHeight;
      box.scrollTop = el.scroll.current.scrollTop;
    }
    loop.invalidate();
  };
  measure();
  const resize = new ResizeObserver(measure);
  if (el.plot.current) resize.observe(el.plot.current);
  if (el.scroll.current) resize.observe(el.scroll.current);
  const scroller = el.scroll.current;
  scroller?.addEventListener('scroll', measure, { passive: true });
  const unsubscribe = [store.subscribe(() => loop.invalidate()), view.subscribe(() => loop.invalidate())];
  frame.invalidate = loop.invalidate;
  return () => {
    loop.stop();
    frame.invalidate = () => {};
    resize.disconnect();
    scroller?.removeEventListener('scroll', measure);
    for (const u of unsubscribe) u();
  };
}

/** How far the widest-reaching exit badge would cross the canvas's right edge with this scale (0 if none does). */
function badgeOverflow(model: TimelineModel, sizes: ReadonlyMap<number, { w: number; h: number }>, scale: TimeScale, width: number): number {
  let over = 0;
  for (const [pid, size] of sizes) {
    const exitedAt = model.processes[pid]?.exitedAt;
    if (exitedAt === null || exitedAt === undefined) continue;
    over = Math.max(over, scale.timeToPx(exitedAt) + 10 + size.w - (width - 4));
  }
  return over;
}

/** Each badge's size, measured again only when its text changed (a measure forces a layout). */
function measureBadges(badges: Map<number, HTMLElement>, sizes: Map<number, { w: number; h: number }>, fontScale: number): void {
  for (const [pid, el] of badges) {
    const key = `${el.textContent}|${fontScale}`;
    if (el.dataset.measured === key && sizes.has(pid)) continue;
    el.dataset.measured = key;
    sizes.set(pid, { w: el.offsetWidth, h: el.offsetHeight });
  }
  for (const pid of sizes.keys()) if (!badges.has(pid)) sizes.delete(pid);
}

/** Touch a badge's style only when its place changed: 200 style writes a frame cost a restyle each. */
function placeBadges(
  badges: Map<number, HTMLElement>,
  places: ReadonlyMap<number, { x: number; y: number }>,
  sizes: ReadonlyMap<number, { w: number; h: number }>,
  width: number,
  axisY: number,
): void {
  for (const [pid, el] of badges) {
    const at = places.get(pid);
    const shown = at && at.x < width + 40 && at.y + (sizes.get(pid)?.h ?? 0) / 2 <= axisY;
    const place = shown ? `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px) translateY(-50%)` : 'none';
    if (el.dataset.place === place) continue;
    el.dataset.place = place;
    if (place === 'none') el.style.visibility = 'hidden';
    else {
      el.style.visibility = '';
      el.style.transform = place;
    }
  }
}
