// One store per timeline instance. Every event goes through the shared reducer (`applyEvents` from
// @forkscope/protocol): the web never re-implements event semantics, it only decides how many of a
// run's events are shown (all of them live; up to the playhead in replay). What the run *is* — starting,
// live, ended, lost, replayed — is the separate run state (run-state.ts), which the playhead never moves.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyEvents, createTimelineModel, eventIndexAt, type Driver, type ForkscopeEvent, type TimelineModel } from '@forkscope/protocol';
import { getInitialState } from './initial-state.js';
import type { ExpectationView, TimelineData, TimelineState } from './types.js';
import { idleBreaks } from '../timeline/idle-breaks.js';
import { isLifecycleEvent } from './lifecycle-events.js';
import { reduceRunState, type RunState } from './run-state.js';
import { editedStatus } from './edited-verdict.js';

type Text = { zh: string; en: string };
type Verdict = { status: 'pass' | 'fail' | 'pending' | 'undecided'; seq?: number; t?: number; detail?: Text };

/** What the store needs to know about a scenario's expectations (the catalogue, in the app). */
export interface ExpectationSource {
  id: string;
  text: Text;
  check(model: TimelineModel): Verdict;
}

export interface TimelineStoreOptions {
  /** The expectations that apply to a run of a scenario with these parameters and driver, or none. */
  expectationsFor?: (run: { scenario: string | null; params: Record<string, unknown>; driver: Driver | null }) => readonly ExpectationSource[];
  /**
   * What an expectation still pending becomes on a run that will decide nothing more although it did not
   * end (the server stopped; the recording is cut off): the catalogue's `settleUnfinished`.
   */
  settleUnfinished?: (result: Verdict, why: 'interrupted' | 'incomplete', t: number) => Verdict;
}

export type TimelineStore = StoreApi<TimelineState>;

/** Models are kept every CHECKPOINT_EVERY events so seeking back replays at most that many. */
const CHECKPOINT_EVERY = 1000;

export function createTimelineStore(options: TimelineStoreOptions = {}): TimelineStore {
  const expectationsFor = options.expectationsFor ?? (() => []);
  const settle = options.settleUnfinished ?? ((result) => result);
  // checkpoints[k] is the model after (k + 1)·CHECKPOINT_EVERY events. The reducer is pure, so a model
  // once returned never changes and can be kept as is.
  let checkpoints: TimelineModel[] = [];

  return createStore<TimelineState>()((set, get) => {
    /** The model after the first `count` events, reusing the current model or a checkpoint. */
    function modelAt(count: number): TimelineModel {
      const { events, applied, model } = get();
      let base = model;
      let from = applied;
      if (count < applied) {
        const k = Math.min(Math.floor(count / CHECKPOINT_EVERY) - 1, checkpoints.length - 1);
        base = k >= 0 ? checkpoints[k]! : createTimelineModel();
        from = k >= 0 ? (k + 1) * CHECKPOINT_EVERY : 0;
      }
      return applyChunked(base, events, from, count);
    }

    function applyChunked(model: TimelineModel, events: readonly ForkscopeEvent[], from: number, to: number): TimelineModel {
      let m = model;
      let i = from;
      while (i < to) {
        const next = Math.min(to, (Math.floor(i / CHECKPOINT_EVERY) + 1) * CHECKPOINT_EVERY);
        m = applyEvents(m, events.slice(i, next));
        i = next;
        if (i % CHECKPOINT_EVERY === 0 && checkpoints.length === i / CHECKPOINT_EVERY - 1) checkpoints.push(m);
      }
      return m;
    }

    /** Why nothing more will be decided at the end of what was received: the server stopped, or the recording stops. */
    function unfinished(run: RunState, applied: number, total: number): 'interrupted' | 'incomplete' | null {
      if (applied < total) return null;
      if (run.phase.kind === 'ended' && run.phase.status === 'interrupted') return 'interrupted';
      if (run.phase.kind === 'replaying' && run.phase.status === 'incomplete') return 'incomplete';
      return null;
    }

    function expectationsOf(model: TimelineModel, state: Pick<TimelineData, 'run' | 'applied' | 'events' | 'source'> = get()): ExpectationView[] {
      const run = { scenario: model.run.scenario ?? scenarioOfSource(state), params: model.run.params, driver: model.run.driver };
      const why = unfinished(state.run, state.applied, state.events.length);
      return expectationsFor(run).map((e) => {
        let result: Verdict;
        try {
          result = e.check(model);
        } catch (error) {
          result = { status: 'fail', detail: { en: `check threw: ${(error as Error).message}`, zh: `检查出错:${(error as Error).message}` } };
        }
        if (why) result = settle(result, why, model.now);
        // On a learner's own version a point that does not hold does not apply (edited-verdict.ts).
        const view: ExpectationView = { id: e.id, text: e.text, status: model.run.edit ? editedStatus(result.status) : result.status };
        if (result.seq !== undefined) view.seq = result.seq;
        if (result.t !== undefined) view.t = result.t;
        if (result.detail !== undefined) view.detail = result.detail;
        return view;
      });
    }

    /** The new results, or the current array when nothing changed (so the panels do not re-render). */
    function stableExpectations(next: ExpectationView[]): ExpectationView[] {
      const current = get().expectations;
      const same =
        next.length === current.length &&
        next.every((e, i) => {
          const c = current[i]!;
          return c.id === e.id && c.status === e.status && c.seq === e.seq && c.t === e.t && c.detail?.en === e.detail?.en && c.text === e.text;
        });
      return same ? current : next;
    }

    function show(count: number): void {
      const state = get();
      const clamped = Math.max(0, Math.min(count, state.events.length));
      if (clamped === state.applied) return;
      const model = modelAt(clamped);
      set({ applied: clamped, model, expectations: stableExpectations(expectationsOf(model, { ...state, applied: clamped })), version: state.version + 1 });
    }

    return {
      ...getInitialState(),

      reset(source) {
        checkpoints = [];
        const { speed, pauseAtMarkers, version, run } = get();
        set({ ...getInitialState(), run, source, speed, pauseAtMarkers, version: version + 1 });
      },

      receiveEvents(incoming) {
        const state = get();
        const events = state.events.slice();
        let resumeFrom: number | null = null;
        for (const e of incoming) {
          if (e.seq < events.length) continue; // already held (a resumed stream overlaps)
          if (e.seq > events.length) {
            resumeFrom = events.length;
            break;
          }
          events.push(e);
        }
        if (events.length === state.events.length) return resumeFrom;
        const model = applyChunked(state.model, events, state.applied, events.length);
        // The run's own end, as it arrives: the run state learns it here, once.
        let run = state.run;
        if (state.model.run.endedAt === null && model.run.endedAt !== null && model.run.status !== 'running' && model.run.status !== 'idle') {
          run = reduceRunState(run, { type: 'run-ended', status: model.run.status, at: model.run.endedAt });
        }
        const next = { run, applied: events.length, events, source: state.source };
        set({
          events,
          applied: events.length,
          model,
          run,
          breaks: idleBreaks(model),
          duration: Math.max(state.duration, model.now),
          laneTotal: Math.max(state.laneTotal, model.laneOrder.length),
          expectations: stableExpectations(expectationsOf(model, next)),
          version: state.version + 1,
        });
        return resumeFrom;
      },

      loadRecording(header, events, origin, atTime, skipped = 0) {
        checkpoints = [];
        const { speed, pauseAtMarkers, version, run } = get();
        const sorted = events.slice().sort((a, b) => a.seq - b.seq);
        set({
          ...getInitialState(),
          run,
          source: { kind: 'replay', runId: header?.runId ?? null, header, origin },
          events: sorted,
          speed,
          pauseAtMarkers,
          version: version + 1,
        });
        // The whole recording decides the breaks, the duration and how it ends, so the picture does not
        // move while it plays and the run's status never follows the playhead.
        const full = modelAt(sorted.length);
        const incomplete = full.run.endedAt === null;
        const status = full.run.status === 'running' || full.run.status === 'idle' ? 'incomplete' : full.run.status;
        set({
          breaks: idleBreaks(full),
          duration: full.now,
          laneTotal: full.laneOrder.length,
          run: reduceRunState(get().run, { type: 'recording-loaded', runId: header?.runId ?? null, status, at: full.run.endedAt ?? full.now }),
          recordingNote: incomplete || skipped > 0 ? { skipped, incomplete, endsAt: full.now } : null,
        });
        if (atTime === undefined) {
          set({ applied: sorted.length, model: full, version: get().version + 1 });
          set({ expectations: expectationsOf(full) });
        } else {
          get().seekToTime(atTime);
        }
      },

      dispatch(action) {
        const state = get();
        const run = reduceRunState(state.run, action);
        if (run === state.run) return;
        set({ run });
        // An interruption decides what was still pending: refresh the verdicts.
        if (unfinished(run, state.applied, state.events.length) !== unfinished(state.run, state.applied, state.events.length)) {
          set({ expectations: stableExpectations(expectationsOf(state.model)), version: get().version + 1 });
        }
      },

      seekToCount(count) {
        show(count);
      },

      seekToTime(t) {
        show(eventIndexAt(get().events, t));
      },

      step(direction, lifecycleOnly = false) {
        const { events, applied } = get();
        let count = applied;
        do {
          count += direction;
        } while (lifecycleOnly && count > 0 && count < events.length && !isLifecycleEvent(events[count - 1]!));
        show(count);
      },

      setPlaying(playing) {
        if (get().playing !== playing) set({ playing });
      },

      setSpeed(speed) {
        if (!(speed >= 0.25 && speed <= 4)) {
          throw new RangeError(`Expected the \`speed\` option to be between 0.25 and 4, got \`${speed}\``);
        }
        set({ speed });
      },

      setPauseAtMarkers(on) {
        set({ pauseAtMarkers: on });
      },

      select(seq) {
        if (get().selectedSeq !== seq) set({ selectedSeq: seq, version: get().version + 1 });
      },

    };
  });
}

function scenarioOfSource(state: Pick<TimelineData, 'source'>): string | null {
  if (state.source.kind === 'live') return state.source.scenario;
  if (state.source.kind === 'replay') return state.source.header?.scenario ?? null;
  return null;
}
