// One store per timeline instance. Every event goes through the shared reducer (`applyEvents` from
// @forkscope/protocol): the web never re-implements event semantics, it only decides how many of a
// run's events are shown (all of them live; up to the playhead in replay).

import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyEvents, createTimelineModel, type Driver, type ForkscopeEvent, type TimelineModel } from '@forkscope/protocol';
import { getInitialState } from './initial-state.js';
import type { ExpectationView, TimelineData, TimelineState } from './types.js';
import { idleBreaks } from '../timeline/idle-breaks.js';
import { isLifecycleEvent } from './lifecycle-events.js';

/** What the store needs to know about a scenario's expectations (the catalogue, in the app). */
export interface ExpectationSource {
  id: string;
  text: { zh: string; en: string };
  check(model: TimelineModel): { status: 'pass' | 'fail' | 'pending'; seq?: number; t?: number; detail?: string };
}

export interface TimelineStoreOptions {
  /** The expectations that apply to a run of a scenario with these parameters and driver, or none. */
  expectationsFor?: (run: { scenario: string | null; params: Record<string, unknown>; driver: Driver | null }) => readonly ExpectationSource[];
}

export type TimelineStore = StoreApi<TimelineState>;

/** Models are kept every CHECKPOINT_EVERY events so seeking back replays at most that many. */
const CHECKPOINT_EVERY = 1000;

export function createTimelineStore(options: TimelineStoreOptions = {}): TimelineStore {
  const expectationsFor = options.expectationsFor ?? (() => []);
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

    function expectationsOf(model: TimelineModel): ExpectationView[] {
      const run = { scenario: model.run.scenario ?? scenarioOfSource(get()), params: model.run.params, driver: model.run.driver };
      return expectationsFor(run).map((e) => {
        let result: ReturnType<ExpectationSource['check']>;
        try {
          result = e.check(model);
        } catch (error) {
          result = { status: 'fail', detail: `check threw: ${(error as Error).message}` };
        }
        const view: ExpectationView = { id: e.id, text: e.text, status: result.status };
        if (result.seq !== undefined) view.seq = result.seq;
        if (result.t !== undefined) view.t = result.t;
        if (result.detail !== undefined) view.detail = result.detail;
        return view;
      });
    }

    /** The new results, or the current array when nothing changed (so the panels do not re-render). */
    function stableExpectations(model: TimelineModel): ExpectationView[] {
      const next = expectationsOf(model);
      const current = get().expectations;
      const same =
        next.length === current.length &&
        next.every((e, i) => {
          const c = current[i]!;
          return c.id === e.id && c.status === e.status && c.seq === e.seq && c.t === e.t && c.detail === e.detail && c.text === e.text;
        });
      return same ? current : next;
    }

    function show(count: number): void {
      const state = get();
      const clamped = Math.max(0, Math.min(count, state.events.length));
      if (clamped === state.applied) return;
      const model = modelAt(clamped);
      set({ applied: clamped, model, expectations: stableExpectations(model), version: state.version + 1 });
    }

    return {
      ...getInitialState(),

      reset(source) {
        checkpoints = [];
        const { speed, pauseAtMarkers, version } = get();
        set({ ...getInitialState(), source, speed, pauseAtMarkers, version: version + 1 });
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
        set({
          events,
          applied: events.length,
          model,
          breaks: idleBreaks(model),
          duration: Math.max(state.duration, model.now),
          expectations: stableExpectations(model),
          version: state.version + 1,
        });
        return resumeFrom;
      },

      loadRecording(header, events, origin, atTime) {
        checkpoints = [];
        const { speed, pauseAtMarkers, version } = get();
        const sorted = events.slice().sort((a, b) => a.seq - b.seq);
        set({
          ...getInitialState(),
          source: { kind: 'replay', runId: header?.runId ?? null, header, origin },
          events: sorted,
          speed,
          pauseAtMarkers,
          version: version + 1,
        });
        // The whole recording decides the breaks and the duration, so the picture does not move while it plays.
        const full = modelAt(sorted.length);
        set({ breaks: idleBreaks(full), duration: full.now });
        if (atTime === undefined) {
          set({ applied: sorted.length, model: full, expectations: expectationsOf(full), version: get().version + 1 });
        } else {
          get().seekToTime(atTime);
        }
      },

      seekToCount(count) {
        show(count);
      },

      seekToTime(t) {
        const { events } = get();
        let count = 0;
        while (count < events.length && events[count]!.t <= t) count += 1;
        show(count);
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

      setRole(role) {
        if (get().role !== role) set({ role });
      },
    };
  });
}

function scenarioOfSource(state: TimelineData): string | null {
  if (state.source.kind === 'live') return state.source.scenario;
  if (state.source.kind === 'replay') return state.source.header?.scenario ?? null;
  return null;
}
