// The teacher's view as students follow it (protocol ClassView): the lesson, the run on screen, the
// playhead (null while the page shows every event: a live run, or a replay at its end), the clock, play and
// speed, the visible window when zoomed, the highlighted event. `viewKey` says when it changed enough to be
// sent: the clock only counts while nothing else moves it (a paused replay), coarsely while playing.
import type { ClassView } from '@forkscope/protocol';
import type { TimelineInstance } from '../store/timeline-context.js';
import { TimeScale } from '../timeline/time-scale.js';

export function teacherView(instance: TimelineInstance, scenario: string | null): ClassView {
  const s = instance.store.getState();
  const v = instance.view.getState();
  const runId = s.source.kind === 'live' ? s.source.runId : s.source.kind === 'replay' && s.source.origin === 'server' ? s.source.runId : null;
  return {
    scenario: scenario && /^[a-z0-9-]{1,64}$/.test(scenario) ? scenario : null,
    runId,
    playhead: s.applied >= s.events.length ? null : s.applied,
    clock: Math.max(0, Math.round(v.clock)),
    playing: s.playing,
    speed: s.speed,
    window: visibleWindow(instance),
    selectedSeq: s.selectedSeq,
  };
}

/** The time shown between the plot's edges, when zoomed or panned; null when the whole run is shown. */
export function visibleWindow({ view, frame }: TimelineInstance): ClassView['window'] {
  const { manual } = view.getState();
  if (!manual || !frame.scale) return null;
  const scale = new TimeScale({ ...manual, breaks: frame.scale.breaks, breakPx: frame.scale.breakPx });
  const from = Math.max(0, Math.round(scale.pxToTime(frame.plotLeft)));
  const to = Math.max(from + 1, Math.round(scale.pxToTime(frame.plotRight)));
  return { from, to };
}

/** What must change for the view to be sent again. */
export function viewKey(view: ClassView): string {
  const clock = view.playing ? Math.round(view.clock / 250_000) : view.playhead === null ? null : view.clock;
  return JSON.stringify([view.scenario, view.runId, view.playhead, view.playing, view.speed, view.window, view.selectedSeq, clock]);
}
