// Contract 4 (team plan): what a scenario is. Browser-safe: plain types, no Node imports.
import type { Driver, TimelineModel } from '@forkscope/protocol';

/** A text in both languages of the playground. */
export interface Text {
  zh: string;
  en: string;
}

export type Lang = keyof Text;

export type ParamSpec = {
  name: string;
  label: Text;
  help?: Text;
  /** Only under these drivers (e.g. Python's output buffering); default: every driver of the scenario. */
  drivers?: Driver[];
} & (
  | { type: 'boolean'; default: boolean }
  | { type: 'integer'; min: number; max: number; default: number }
  | { type: 'number'; min: number; max: number; default: number; unit?: string }
  | { type: 'enum'; values: string[]; default: string }
  | { type: 'string'; maxLength: number; default: string }
  | { type: 'string-list'; maxItems: number; maxLength: number; default: string[] }
);

export interface ExpectationResult {
  /**
   * `pending` while a live run has not decided it; `undecided` when the run ended without deciding it
   * because it was stopped from outside (cancelled, a limit) or cut off (server stopped, recording ends) —
   * neutral, not a failure.
   */
  status: 'pass' | 'fail' | 'pending' | 'undecided';
  /** seq of the event that proves (or disproves) it, so a viewer can jump to that moment. */
  seq?: number;
  /** t (µs since run start) of that event. */
  t?: number;
  /** Why it failed or is not decided, in both languages. */
  detail?: Text;
}

/** What an expectation may depend on besides the timeline: the run's parameters and driver. */
export interface RunContext {
  params: Record<string, unknown>;
  driver: Driver | null;
}

export interface Expectation {
  id: string;
  text: Text;
  /**
   * Whether this fact is stated for a run with these parameters and driver (default: always).
   * A fact that only holds for some parameters (e.g. `join: true`) is listed only for those;
   * use `expectationsFor()` to get the list that applies to a run.
   */
  appliesTo?(run: RunContext): boolean;
  /** Pure: the same model always gives the same result. Pending while a live run has not decided it. */
  check(model: TimelineModel): ExpectationResult;
}

/** One answer a question offers. */
export interface Choice {
  id: string;
  text: Text;
}

export interface QuestionResult {
  /**
   * `pending` while a live run has not decided it; `decided` once an event proves the answer; `undecided`
   * when the run ended without deciding it (stopped from outside, or it never showed).
   */
  status: 'pending' | 'decided' | 'undecided';
  /** The right choice; null when the run did what none of the choices says (`detail` says what). */
  choice?: string | null;
  /** seq of the event that proves it: the reveal waits for the playhead to pass it. */
  seq?: number;
  t?: number;
  /** What this run did, in words, or why it is undecided. */
  detail?: Text;
}

/**
 * "Predict, then reveal": a question the class answers before the run, decided from the run's events by
 * a pure function, like an expectation.
 */
export interface Question {
  id: string;
  text: Text;
  /** 2–4 answers. */
  choices: Choice[];
  /** The answer can differ from run to run (a race): the reveal says what this run did. */
  varies: boolean;
  /** Whether the question is asked of a run with these parameters and driver (default: always). */
  appliesTo?(run: RunContext): boolean;
  /** Pure: the same model always gives the same result. */
  decide(model: TimelineModel): QuestionResult;
}

export interface ScenarioMeta {
  id: string;
  /** Section of the tutorial, e.g. '4.1'. */
  section: string;
  title: Text;
  summary: Text;
  /** Teaching points: what the timeline proves. */
  points: { zh: string[]; en: string[] };
  /** The tutorial's own sentence this lesson is about (en: a translation). */
  quote: Text;
  params: ParamSpec[];
  /**
   * Drivers with a program for this scenario. In this browser-safe catalogue it is the drivers the
   * scenario is written for; `@forkscope/scenarios` (node) narrows it to the program files that exist.
   */
  drivers: Driver[];
  expectations: Expectation[];
  /** Questions for a class to predict before the run (`questionsFor()` picks those that apply). */
  questions: Question[];
  /** How a driver's run differs from the seed's CPython behaviour, where it does. */
  differences?: Partial<Record<Driver, Text>>;
  /** True when a user can type into a process of this scenario (run input). */
  interactive?: boolean;
}
