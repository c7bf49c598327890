// The timeline: DOM lane labels on the left, a canvas for the lanes, DOM exit badges over the canvas.
// React renders only structure (which lanes, which badges); a requestAnimationFrame loop moves the clock,
// advances replays, and redraws the canvas when the store's version or the hot view state changed.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TimelineModel } from '@forkscope/protocol';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimelineInstance, type TimelineInstance } from '../store/timeline-context.js';
import { useTimelineStructure } from '../store/structure.js';
import { layoutLanes, plotHeight, type LaneLayout, type LaneMetrics } from './layout.js';
import { drawTimeline, type SceneText } from './draw-timeline.js';
import { TimeScale, formatSeconds } from './time-scale.js';
import { processColour } from './palette.js';
import { exitBadge } from './exit-badge.js';
import { markerAt } from './hit-test.js';
import { advancePlayhead } from '../replay/playhead.js';
import { zoomBy } from '../replay/playback.js';

interface Geometry extends LaneMetrics {
  barHeight: number;
  fontScale: number;
  labelWidth: number;
  breakPx: number;
  rightPad: number;
  axisSpace: number;
}

const NORMAL: Geometry = { rowHeight: 58, top: 52, barHeight: 20, fontScale: 1, labelWidth: 285, breakPx: 46, rightPad: 150, axisSpace: 58 };

/** Presenter geometry grows with the screen (legible at 1280×720, filling 1920×1080) and fits the lanes into about half its height. */
export function presenterGeometry(width: number, height: number, laneCount: number): Geometry {
  const fs = Math.min(2, Math.max(1.35, width / 920));
  const top = 50 * fs;
  const axisSpace = 52 * fs;
  const available = height * 0.52 - top - axisSpace;
  const rowHeight = Math.round(Math.min(92 * fs, Math.max(44 * fs, available / Math.max(1, laneCount))));
  return {
    rowHeight,
    top,
    barHeight: Math.round(Math.min(24 * fs, Math.max(16, rowHeight * 0.4))),
    fontScale: fs,
    labelWidth: Math.round(255 * fs),
    breakPx: Math.round(38 * fs),
    rightPad: Math.round(140 * fs),
    axisSpace,
  };
}
const PLOT_LEFT = 18;

export function TimelineView({ presenter = false }: { presenter?: boolean }) {
  const instance = useTimelineInstance();
  const { t } = useI18n();
  const { model } = useTimelineStructure();
  const screen = useScreenSize(presenter);
  const laneCount = model.laneOrder.length;
  const geometry = useMemo(() => (presenter ? presenterGeometry(screen.width, screen.height, laneCount) : NORMAL), [presenter, screen, laneCount]);
  const lanes = useMemo(() => layoutLanes(model, geometry), [model, geometry]);
  const height = plotHeight(lanes.length, geometry) + geometry.axisSpace;
  const labelWidth = useMemo(() => labelColumnWidth(model, lanes, geometry), [model, lanes, geometry]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const badgeRefs = useRef(new Map<number, HTMLElement>());

  const sceneText: SceneText = useMemo(
    () => ({
      spawn: t('timeline.spawn'),
      daemonKill: t('timeline.daemonKill'),
      terminate: t('timeline.terminate'),
      joinReturns: t('timeline.joinReturns'),
      mainCodeEnded: t('timeline.mainCodeEnded'),
      hidden: (s: string) => t('timeline.hidden', { s }),
      seconds: 's',
      zombie: t('timeline.zombie'),
    }),
    [t],
  );

  // The frame loop reads these through a ref so it never needs restarting when React re-renders.
  const live = useRef({ geometry, lanes, height, sceneText, presenter });
  useLayoutEffect(() => {
    live.current = { geometry, lanes, height, sceneText, presenter };
  });

  useEffect(() => startFrameLoop(instance, canvasRef, plotRef, scrollRef, badgeRefs, live), [instance]);
  useEffect(() => attachPointer(instance, canvasRef, tooltipRef, live), [instance]);

  return (
    <div className="timeline-scroll" ref={scrollRef} style={{ maxHeight: presenter ? '62vh' : '64vh' }} data-testid="timeline">
    <div className="timeline-plot" style={{ height, '--fs': geometry.fontScale } as React.CSSProperties}>
      <div className="lane-labels" style={{ width: labelWidth }}>
        <div className="lane-labels-head">{t('timeline.processPid')}</div>
        {lanes.map((lane) => {
          const p = model.processes[lane.pid]!;
          return (
            <div
              key={lane.pid}
              className="lane-label"
              data-testid="lane"
              data-pid={lane.pid}
              data-name={p.name}
              style={{ top: lane.y - geometry.rowHeight / 2, height: geometry.rowHeight, paddingLeft: 8 + Math.min(lane.depth, 6) * 22 }}
            >
              {lane.depth > 0 && <span className="tree-elbow" aria-hidden="true" />}
              <span className="swatch" style={{ background: processColour(lane.colourIndex) }} />
              <span className="lane-name">{p.name}</span>
              <span className="lane-pid">· {p.pid}</span>
              {p.daemon && <span className="daemon-tag">{t('timeline.daemon')}</span>}
              {p.reparented.length > 0 && (
                <span
                  className="reparent-tag"
                  title={t(p.reparented[p.reparented.length - 1]!.reaper ? 'timeline.reparentedReaper' : 'timeline.reparented', { pid: p.reparented[p.reparented.length - 1]!.to })}
                >
                  ↷ {p.reparented[p.reparented.length - 1]!.to}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <div className="plot-area" ref={plotRef}>
        <canvas ref={canvasRef} className="timeline-canvas" />
        {lanes.map((lane) => {
          const p = model.processes[lane.pid]!;
          const badge = exitBadge(p);
          if (!badge) return null;
          return (
            <span
              key={lane.pid}
              ref={(el) => {
                if (el) badgeRefs.current.set(lane.pid, el);
                else badgeRefs.current.delete(lane.pid);
              }}
              className={`exit-badge tone-${badge.tone}`}
              data-testid="exit-badge"
              data-pid={lane.pid}
              data-exit-code={p.exitCode ?? ''}
              data-signal={p.signal ?? ''}
            >
              {t(badge.key, badge.vars)}
            </span>
          );
        })}
        <div className="timeline-tooltip" ref={tooltipRef} role="tooltip" />
      </div>
    </div>
    </div>
  );
}

/** Wide enough for the longest `name · pid daemon` label (estimated from character counts), within bounds. */
function labelColumnWidth(model: TimelineModel, lanes: readonly LaneLayout[], geometry: Geometry): number {
  const fs = geometry.fontScale;
  let widest = 0;
  for (const lane of lanes) {
    const p = model.processes[lane.pid];
    if (!p) continue;
    const chars = p.name.length * 9.5 + (String(p.pid).length + 2) * 8.5 + (p.daemon ? 72 : 0) + (p.reparented.length > 0 ? 64 : 0);
    widest = Math.max(widest, 8 + Math.min(lane.depth, 6) * 22 + 20 + 24 + chars * fs);
  }
  return Math.round(Math.min(geometry.labelWidth * 1.3, Math.max(geometry.labelWidth * 0.75, widest + 12)));
}

/** The window size, tracked only where it matters (presenter mode). */
function useScreenSize(track: boolean): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    if (!track) return;
    const onResize = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    onResize();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [track]);
  return size;
}

type LiveRef = React.RefObject<{ geometry: Geometry; lanes: ReturnType<typeof layoutLanes>; height: number; sceneText: SceneText; presenter: boolean }>;

/** The scale for this frame: fitted to the run (following it live) unless the user zoomed or panned. */
function frameScale(instance: TimelineInstance, plotRight: number, clock: number, breakPx: number): TimeScale {
  const s = instance.store.getState();
  const { manual } = instance.view.getState();
  if (manual) return new TimeScale({ ...manual, breaks: s.breaks, breakPx });
  const runEnd = s.source.kind === 'replay' || s.model.run.endedAt !== null ? Math.max(s.duration, s.model.now) : Math.max(clock, s.model.now);
  const end = Math.max(runEnd, 200_000);
  return TimeScale.fit(end, plotRight - PLOT_LEFT, { leftPx: PLOT_LEFT, breaks: s.breaks, breakPx });
}

function startFrameLoop(
  instance: TimelineInstance,
  canvasRef: React.RefObject<HTMLCanvasElement | null>,
  plotRef: React.RefObject<HTMLDivElement | null>,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  badgeRefs: React.RefObject<Map<number, HTMLElement>>,
  live: LiveRef,
): () => void {
  const { store, view, controller, frame } = instance;
  let raf = 0;
  let last = performance.now();
  let drawnKey = '';
  // Sizes and scroll position are cached from observers: reading them in the frame would force a
  // layout every frame.
  const box = { width: 0, viewHeight: 0, scrollTop: 0 };
  const measure = () => {
    if (plotRef.current) box.width = plotRef.current.clientWidth;
    if (scrollRef.current) {
      box.viewHeight = scrollRef.current.clientHeight;
      box.scrollTop = scrollRef.current.scrollTop;
    }
  };
  measure();
  const resize = new ResizeObserver(measure);
  if (plotRef.current) resize.observe(plotRef.current);
  if (scrollRef.current) resize.observe(scrollRef.current);
  const onScroll = () => {
    if (scrollRef.current) box.scrollTop = scrollRef.current.scrollTop;
  };
  scrollRef.current?.addEventListener('scroll', onScroll, { passive: true });

  const tick = (now: number) => {
    raf = requestAnimationFrame(tick);
    const elapsed = Math.min(100, now - last);
    last = now;
    const s = store.getState();
    let clock = view.getState().clock;
    const liveRunning = s.source.kind === 'live' && s.model.run.endedAt === null && s.applied === s.events.length;
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
    } else if (s.source.kind === 'live' && s.model.run.endedAt !== null && s.applied === s.events.length && clock < s.model.run.endedAt) {
      clock = s.model.run.endedAt;
    }
    if (clock !== view.getState().clock) view.setState({ clock });

    const canvas = canvasRef.current;
    const plot = plotRef.current;
    if (!canvas || !plot) return;
    const { geometry, lanes, height, sceneText } = live.current;
    const width = box.width;
    // The canvas is one viewport tall (sticky in the scrolling plot), so 200 lanes cost no more pixels than 5.
    const viewTop = box.scrollTop;
    const viewHeight = Math.min(height, box.viewHeight || height);
    const state = store.getState();
    const v = view.getState();
    const key = `${liveRunning}|${state.version}|${v.clock}|${width}|${height}|${viewTop}|${viewHeight}|${v.hoverSeq}|${v.manual?.pxPerUs}|${v.manual?.originPx}|${lanes.length}|${geometry.rowHeight}|${sceneText.mainCodeEnded}`;
    if (key !== drawnKey) {
      drawnKey = key;
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
      const plotRight = width - geometry.rightPad;
      const scale = frameScale(instance, plotRight, v.clock, geometry.breakPx);
      const drawn = drawTimeline(ctx, {
        model: state.model,
        lanes,
        scale,
        width,
        height: viewHeight,
        viewTop,
        plotLeft: PLOT_LEFT,
        plotRight,
        // The axis stays in view at the bottom of the visible band when the lanes scroll.
        axisY: Math.min(plotHeight(lanes.length, geometry) + 6, viewTop + viewHeight - geometry.axisSpace + 6),
        barHeight: geometry.barHeight,
        fontScale: geometry.fontScale,
        now: v.clock,
        // The cursor shows "now" while something moves: a live run, or a replay not at its end.
        showCursor: liveRunning || (state.events.length > 0 && v.clock < Math.max(state.duration, state.model.run.endedAt ?? 0)),
        selectedSeq: state.selectedSeq,
        hoverSeq: v.hoverSeq,
        text: sceneText,
      });
      // Touch a badge's style only when its place changed: 200 style writes a frame cost a restyle each.
      for (const [pid, el] of badgeRefs.current) {
        const at = drawn.badges.get(pid);
        const place = at && at.x < width + 40 ? `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px) translateY(-50%)` : 'none';
        if (el.dataset.place === place) continue;
        el.dataset.place = place;
        if (place === 'none') el.style.display = 'none';
        else {
          el.style.display = '';
          el.style.transform = place;
        }
      }
      Object.assign(frame, { scale, plotLeft: PLOT_LEFT, plotRight, viewTop, lanes, drawn, drawnVersion: state.version });
      frame.frames += 1;
    }
    const pending = controller.starting;
    if (frame.idleWaiters.length > 0 && !pending && !state.playing && frame.drawnVersion === state.version) {
      const waiters = frame.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  };
  raf = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(raf);
    resize.disconnect();
    scrollRef.current?.removeEventListener('scroll', onScroll);
  };
}

function attachPointer(
  instance: TimelineInstance,
  canvasRef: React.RefObject<HTMLCanvasElement | null>,
  tooltipRef: React.RefObject<HTMLDivElement | null>,
  live: LiveRef,
): () => void {
  const canvas = canvasRef.current;
  if (!canvas) return () => {};
  const { store, view, frame } = instance;
  let drag: { x: number; moved: boolean } | null = null;

  const hit = (x: number, y: number) => {
    const scale = frame.scale;
    if (!scale) return null;
    const g = live.current.geometry;
    return markerAt(store.getState().model, frame.lanes, scale, x, y, { laneHalfHeight: g.rowHeight / 2, upTo: view.getState().clock });
  };

  const showTooltip = (model: TimelineModel, seq: number | null, x: number, y: number) => {
    const tip = tooltipRef.current;
    if (!tip) return;
    const marker = seq === null ? undefined : model.markers.find((m) => m.seq === seq);
    if (!marker) {
      tip.style.display = 'none';
      return;
    }
    const p = model.processes[marker.pid];
    tip.textContent = '';
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = `${p?.name ?? '?'} · ${marker.pid} — ${marker.kind}`;
    const body = document.createElement('div');
    body.className = 'tip-body';
    body.textContent = marker.label;
    const time = document.createElement('div');
    time.className = 'tip-time';
    time.textContent = `t = ${formatSeconds(marker.t)} s · seq ${marker.seq}`;
    tip.append(head, body, time);
    tip.style.display = 'block';
    tip.style.transform = `translate(${Math.round(x + 14)}px, ${Math.round(y + 14)}px)`;
  };

  /** Pointer position in plot content coordinates (the canvas itself follows the scroll). */
  const local = (e: PointerEvent | WheelEvent | MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top + frame.viewTop };
  };

  const onMove = (e: PointerEvent) => {
    const { x, y } = local(e);
    if (drag) {
      const dx = x - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      if (drag.moved && frame.scale) {
        const next = frame.scale.pannedBy(dx);
        view.setState({ manual: { pxPerUs: next.pxPerUs, originPx: next.originPx } });
        drag.x = x;
      }
      return;
    }
    const marker = hit(x, y);
    const seq = marker?.seq ?? null;
    if (seq !== view.getState().hoverSeq) view.setState({ hoverSeq: seq });
    canvas.style.cursor = marker ? 'pointer' : 'grab';
    showTooltip(store.getState().model, seq, x, y);
  };
  const onLeave = () => {
    view.setState({ hoverSeq: null, pointer: null });
    showTooltip(store.getState().model, null, 0, 0);
  };
  const onDown = (e: PointerEvent) => {
    drag = { x: local(e).x, moved: false };
    canvas.setPointerCapture(e.pointerId);
  };
  const onUp = (e: PointerEvent) => {
    const wasDrag = drag?.moved ?? false;
    drag = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (wasDrag) return;
    const { x, y } = local(e);
    const marker = hit(x, y);
    store.getState().select(marker?.seq ?? null);
  };
  const onWheel = (e: WheelEvent) => {
    if (!frame.scale) return;
    e.preventDefault();
    const { x } = local(e);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const next = frame.scale.pannedBy(-(e.deltaX || e.deltaY));
      view.setState({ manual: { pxPerUs: next.pxPerUs, originPx: next.originPx } });
    } else {
      zoomBy(instance, Math.pow(1.0015, -e.deltaY), x);
    }
  };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  return () => {
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', onLeave);
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('wheel', onWheel);
  };
}
