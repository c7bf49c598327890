// The timeline: DOM lane labels on the left, a canvas for the lanes, DOM exit badges over the canvas.
// React renders only structure (which lanes, which badges); frames (timeline-frames.ts) move the clock,
// advance replays and draw, on demand.

import { useLatest } from '../app/use-latest.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { laneTotalSelector } from '../store/selectors.js';
import { useTimelineStructure } from '../store/structure.js';
import { layoutLanes, plotHeight } from './layout.js';
import type { SceneText } from './draw-timeline.js';
import { labelColumnWidth, NARROW, NORMAL, presenterGeometry } from './geometry.js';
import { processColour } from '../theme/theme.js';
import { exitBadge } from './exit-badge.js';
import { markerWords, type MarkerWords } from './marker-words.js';
import { attachPointer } from './pointer.js';
import { startTimelineFrames, type FrameInputs } from './timeline-frames.js';

/** `narrow`: a phone's timeline, lanes stacked (each label above its bar, the plot across the whole width). */
export function TimelineView({
  presenter = false,
  area,
  onOpenDetails,
  narrow = false,
}: {
  presenter?: boolean;
  area?: { width: number; height: number };
  /** Opens the detail panel of a process (its name becomes a button); none in presenter mode. */
  onOpenDetails?: (pid: number) => void;
  narrow?: boolean;
}) {
  const instance = useTimelineInstance();
  const { t } = useI18n();
  const { model } = useTimelineStructure();
  const screen = useScreenSize(presenter);
  // Sized for every lane the run will show (a replay's whole recording), so playing does not move the page.
  const laneCount = Math.max(model.laneOrder.length, useTimeline(laneTotalSelector));
  const boxHeight = area?.height ?? screen.height * 0.5;
  const geometry = useMemo(() => (presenter ? presenterGeometry(screen, { height: boxHeight }, laneCount) : narrow ? NARROW : NORMAL), [presenter, narrow, screen, boxHeight, laneCount]);
  const lanes = useMemo(() => layoutLanes(model, geometry), [model, geometry]);
  const height = plotHeight(laneCount, geometry) + geometry.axisSpace;
  const labelWidth = useMemo(() => (narrow ? 0 : labelColumnWidth(model, lanes, geometry)), [narrow, model, lanes, geometry]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const badgeRefs = useRef(new Map<number, HTMLElement>());
  const labelsRef = useRef<HTMLDivElement>(null);

  const sceneText: SceneText = useMemo(
    () => ({
      spawn: t('timeline.spawn'),
      daemonKill: t('timeline.daemonKill'),
      terminate: t('timeline.terminate'),
      joinReturns: t('timeline.joinReturns'),
      mainCodeEnded: t('timeline.mainCodeEnded'),
      hidden: (s: string) => t('timeline.hidden', { s }),
      seconds: t('timeline.seconds'),
      zombie: t('timeline.zombie'),
      supervisor: t('timeline.supervisor'),
    }),
    [t],
  );
  const words: MarkerWords = useMemo(() => markerWords(t, () => instance.store.getState().events), [t, instance]);

  // Only the lanes in and near the visible band are in the DOM (labels and badges): a thousand lanes cost
  // what twenty do.
  const rows = useVisibleRows(scrollRef, geometry.rowHeight, geometry.top, lanes.length);
  const shown = lanes.slice(rows.first, rows.last);

  // The frames read these through refs, so they never need restarting when React re-renders.
  const inputs = useLatest<FrameInputs>({ geometry, lanes, height, sceneText, markerLabel: words.label });
  const wordsRef = useLatest(words);
  const halfRow = useLatest(geometry.rowHeight / 2);

  useLayoutEffect(() => startTimelineFrames(instance, { canvas: canvasRef, plot: plotRef, scroll: scrollRef, badges: badgeRefs, labels: labelsRef }, inputs), [instance, inputs]);
  useEffect(() => (canvasRef.current ? attachPointer(instance, canvasRef.current, tooltipRef, () => halfRow.current, wordsRef) : undefined), [instance, halfRow, wordsRef]);
  // Whatever React changed (lanes, sizes, language) is drawn in the next frame.
  useEffect(() => instance.frame.invalidate());

  return (
    <div className="timeline-scroll" ref={scrollRef} style={{ maxHeight: presenter ? boxHeight : '64vh' }} data-testid="timeline">
      <div className={`timeline-plot${narrow ? ' stacked' : ''}`} style={{ height, '--fs': geometry.fontScale } as React.CSSProperties}>
        <div className="lane-labels" ref={labelsRef} style={{ width: labelWidth }}>
          <div className="lane-labels-head">{t('timeline.processPid')}</div>
          {shown.map((lane) => {
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
                <span className="swatch" style={{ background: processColour(lane.colourIndex).fill }} />
                {onOpenDetails ? (
                  <button
                    type="button"
                    className="lane-name lane-details"
                    data-testid="lane-details"
                    title={t('timeline.details', { name: p.name, pid: p.pid })}
                    onClick={() => onOpenDetails(p.pid)}
                  >
                    {p.name}
                  </button>
                ) : (
                  <span className="lane-name">{p.name}</span>
                )}
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
          {shown.map((lane) => {
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
                style={{ visibility: 'hidden' }}
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

const OVERSCAN_ROWS = 12;

/**
 * Which rows to put in the DOM: the ones in the scroll container's visible band, with OVERSCAN_ROWS more
 * on each side. Re-renders only when that range moves by more than half the overscan.
 */
function useVisibleRows(scroll: React.RefObject<HTMLDivElement | null>, rowHeight: number, top: number, count: number): { first: number; last: number } {
  const [band, setBand] = useState({ first: 0, last: Math.min(count, 2 * OVERSCAN_ROWS + 20) });
  useLayoutEffect(() => {
    const el = scroll.current;
    if (!el) return;
    const update = () => {
      const from = Math.floor((el.scrollTop - top) / rowHeight);
      const to = Math.ceil((el.scrollTop + el.clientHeight - top) / rowHeight) + 1;
      setBand((b) => {
        const first = Math.max(0, from - OVERSCAN_ROWS);
        const last = Math.min(count, to + OVERSCAN_ROWS);
        const keep = b.first <= Math.max(0, from - OVERSCAN_ROWS / 2) && b.last >= Math.min(count, to + OVERSCAN_ROWS / 2) && b.last - b.first <= last - first + OVERSCAN_ROWS;
        return keep && b.last <= count ? b : { first, last };
      });
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroll, rowHeight, top, count]);
  return band;
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
