// The timeline store's shape: data (`TimelineData`) and verbs (`TimelineActions`), joined as
// `TimelineState`. One store per timeline instance (createTimelineStore), never a module singleton.

import type { Driver, ForkscopeEvent, RecordingHeader, TimelineModel } from '@forkscope/protocol';
import type { AxisBreak } from '../timeline/time-scale.js';
import type { RunAction, RunState } from './run-state.js';

export type TimelineSource =
  | { kind: 'empty' }
  /** A run this page started or watches; `runId` is null until the server accepted it. */
  | { kind: 'live'; runId: string | null; scenario: string | null; driver: Driver | null }
  /** A finished recording: from the server's run list, or a dropped file. */
  | { kind: 'replay'; runId: string | null; header: RecordingHeader | null; origin: 'server' | 'file' };

/** `inapplicable`: on a learner's own version, a point of the lesson that does not hold there (store/edited-verdict.ts). */
export type ExpectationStatus = 'pass' | 'fail' | 'pending' | 'undecided' | 'inapplicable';

export interface ExpectationView {
  id: string;
  text: { zh: string; en: string };
  status: ExpectationStatus;
  /** The event that proves it. */
  seq?: number;
  t?: number;
  detail?: { zh: string; en: string };
}

/** What a loaded recording lacked: events of unknown types (skipped) and its end (`run.ended`). */
export interface RecordingNote {
  skipped: number;
  /** No `run.ended`: the recording stops at `endsAt` µs. */
  incomplete: boolean;
  endsAt: number;
}

export interface TimelineData {
  source: TimelineSource;
  /** What the run is (phases and transitions in run-state.ts); the playhead never changes it. */
  run: RunState;
  /** Set for a replay of a recording that is not whole. */
  recordingNote: RecordingNote | null;
  /** Every event received or loaded, in seq order, gapless from seq 0. */
  events: ForkscopeEvent[];
  /** `events[0..applied)` are reflected in `model`. */
  applied: number;
  model: TimelineModel;
  /** Idle stretches shown as axis breaks (live: from what has happened; replay: from the whole recording). */
  breaks: AxisBreak[];
  /** End of the recording in µs (replay), or of what has arrived so far (live). */
  duration: number;
  /** Lanes of the whole recording (replay), or of what has arrived so far (live): the timeline's height does not follow the playhead. */
  laneTotal: number;
  expectations: ExpectationView[];
  selectedSeq: number | null;
  playing: boolean;
  /** Replay speed, 0.25–4. */
  speed: number;
  /** Replay stops at each lifecycle event when set. */
  pauseAtMarkers: boolean;
  /** Bumped on every change the canvas must draw. */
  version: number;
}

export interface TimelineActions {
  /** Start over with a new source (a new live run, a recording about to load). */
  reset(source: TimelineSource): void;
  /**
   * Live events from the server. Duplicates (seq already held) are ignored; a gap stops at the gap and
   * returns the seq the stream must resume from. Returns null when everything was taken.
   */
  receiveEvents(events: readonly ForkscopeEvent[]): number | null;
  /** Load a whole recording for replay, positioned at `atTime` µs (default: the end); `skipped` events of unknown types were left out. */
  loadRecording(header: RecordingHeader | null, events: readonly ForkscopeEvent[], origin: 'server' | 'file', atTime?: number, skipped?: number): void;
  /** A change of what the run is (see run-state.ts). */
  dispatch(action: RunAction): void;
  /** Show the first `count` events. */
  seekToCount(count: number): void;
  /** Show every event that happened up to `t` µs (in seq order, stopping at the first later one). */
  seekToTime(t: number): void;
  /** Move one event forward or back; with `lifecycleOnly`, to the next lifecycle event. */
  step(direction: 1 | -1, lifecycleOnly?: boolean): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  setPauseAtMarkers(on: boolean): void;
  select(seq: number | null): void;
}

export type TimelineState = TimelineData & TimelineActions;
