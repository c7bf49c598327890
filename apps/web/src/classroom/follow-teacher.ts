// A student's page following the teacher's view: the teacher's run (its events come with the class), the
// playhead, play and speed, the zoom (the same window of time on a screen of another width), the
// highlighted event. Zooming or panning here while following detaches: the student explores on their own.
import type { ClassView } from '@forkscope/protocol';
import type { FrameInfo, TimelineInstance } from '../store/timeline-context.js';
import { TimeScale } from '../timeline/time-scale.js';
import type { Viewport } from '../timeline/viewport.js';

/**
 * The viewport that shows [from, to] across this plot: the scale is linear in pixels per µs outside the
 * axis breaks, so two trial widths give the factor.
 */
export function viewportShowing(window: ClassView['window'], frame: Pick<FrameInfo, 'fit' | 'plotLeft' | 'plotRight'>): Viewport | null {
  if (!window || !frame.fit || window.to <= window.from) return null;
  const { breaks, breakPx } = frame.fit;
  const span = (pxPerUs: number) => {
    const scale = new TimeScale({ pxPerUs, originPx: 0, breaks, breakPx });
    return scale.timeToPx(window.to) - scale.timeToPx(window.from);
  };
  const w1 = span(1);
  const slope = span(2) - w1;
  if (!(slope > 0)) return null;
  const pxPerUs = (frame.plotRight - frame.plotLeft - (w1 - slope)) / slope;
  if (!(pxPerUs > 0) || !Number.isFinite(pxPerUs)) return null;
  const origin = new TimeScale({ pxPerUs, originPx: 0, breaks, breakPx }).timeToPx(window.from);
  return { pxPerUs, originPx: frame.plotLeft - origin };
}

/** Drift a follower's own playback may have before it is set back to the teacher's clock, µs at speed 1. */
const DRIFT_US = 400_000;

export interface Follower {
  /** Applies the teacher's view now. */
  apply(view: ClassView | null): void;
  /** Whether the last change of the viewport was the follower's own (not the student's). */
  readonly applying: boolean;
}

export function createFollower(instance: TimelineInstance, follow: (runId: string, scenario: string | null) => void): Follower {
  let applying = false;
  const { store, view: hot, frame } = instance;
  return {
    get applying() {
      return applying;
    },
    apply(view) {
      if (!view) return;
      applying = true;
      try {
        const s = store.getState();
        const current = s.source.kind === 'live' ? s.source.runId : null;
        if (view.runId !== null && view.runId !== current) follow(view.runId, view.scenario);
        if (view.runId === null && s.source.kind !== 'empty') {
          s.reset({ kind: 'empty' });
          s.dispatch({ type: 'reset' });
        }
        const st = store.getState();
        const total = st.events.length;
        const count = view.playhead === null ? total : Math.min(view.playhead, total);
        if (view.playing) {
          if (st.speed !== view.speed) st.setSpeed(view.speed);
          const drift = Math.abs(hot.getState().clock - view.clock);
          if (!st.playing || drift > DRIFT_US * view.speed) {
            st.seekToCount(count);
            hot.setState({ clock: Math.min(view.clock, st.duration) });
          }
          st.setPlaying(true);
        } else {
          st.setPlaying(false);
          if (st.applied !== count) st.seekToCount(count);
          if (view.playhead !== null) hot.setState({ clock: Math.min(view.clock, store.getState().duration) });
        }
        const manual = view.window ? viewportShowing(view.window, frame) : null;
        const was = hot.getState().manual;
        if (manual === null ? was !== null : was === null || Math.abs(was.pxPerUs - manual.pxPerUs) > 1e-12 || Math.abs(was.originPx - manual.originPx) > 0.5) {
          hot.setState({ manual });
        }
        if (store.getState().selectedSeq !== view.selectedSeq) store.getState().select(view.selectedSeq);
      } finally {
        applying = false;
      }
    },
  };
}
