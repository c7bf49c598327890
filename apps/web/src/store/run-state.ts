// What the run on this page is — one pure reducer with an explicit table of phases and transitions.
// Seeking, stepping and markers move the playhead only: they are not actions here, so they can never
// change what the run is. The connection to the server is part of the state, because what a page may
// claim about a live run depends on it: while the server is unreachable nothing is "running", and a
// server that comes back as another process cannot be continuing the run.

import type { RunStatus } from '@forkscope/protocol';

/** How a live run ended: its own `run.ended` status, or `interrupted` when the server stopped without ending it. */
export type EndStatus = RunStatus | 'interrupted';
/** How a recording ends: its `run.ended` status, or `incomplete` when it has none. */
export type ReplayStatus = RunStatus | 'incomplete';

export type RunPhase =
  | { kind: 'idle' }
  /** A run was asked for; the page shows what it showed before until the server accepts. */
  | { kind: 'starting'; previous: Exclude<RunPhase, { kind: 'starting' }> }
  | { kind: 'live'; runId: string }
  /** The server became unreachable during a live run; nothing is drawn past the last event received. */
  | { kind: 'lost'; runId: string }
  /** The server is back as another process: the page is asking what became of the run. */
  | { kind: 'restarted'; runId: string }
  /** `at`: µs since the run started. `away`: it ended while this page could not see it. */
  | { kind: 'ended'; runId: string; status: EndStatus; at: number; away: boolean }
  | { kind: 'replaying'; runId: string | null; status: ReplayStatus; at: number }
  | { kind: 'not-found'; what: 'run' | 'live' | 'path'; id: string };

export type PhaseKind = RunPhase['kind'];

export interface ConnectionState {
  status: 'connecting' | 'open' | 'lost';
  /** Wall-clock ms since when the server is unreachable, or null. */
  since: number | null;
  /** pid of the server process that said hello last; another one after a reconnect means it restarted. */
  serverPid: number | null;
}

export interface RunState {
  phase: RunPhase;
  /** Whether this page started the run it shows or only watches it (an input: who owns a run is the server's to say). */
  role: 'owner' | 'viewer';
  connection: ConnectionState;
}

export type RunAction =
  | { type: 'run-requested' }
  | { type: 'run-accepted'; runId: string }
  | { type: 'run-refused' }
  | { type: 'watch'; runId: string; role?: 'owner' | 'viewer' }
  | { type: 'run-ended'; status: RunStatus; at: number }
  | { type: 'connection-lost'; at: number }
  | { type: 'connection-open'; serverPid: number }
  /** What became of the run while the page could not see it (from the server that came back). */
  | { type: 'outcome'; status: EndStatus; at: number }
  | { type: 'recording-loaded'; runId: string | null; status: ReplayStatus; at: number }
  | { type: 'not-found'; what: 'run' | 'live' | 'path'; id: string }
  /** The server's word on what this page may do with its run (the answer to a `watch`). */
  | { type: 'role'; runId: string; role: 'owner' | 'viewer' }
  | { type: 'reset' };

export type ActionType = RunAction['type'];

type Of<T extends ActionType> = Extract<RunAction, { type: T }>;
type Transition<K extends PhaseKind, T extends ActionType> = (phase: Extract<RunPhase, { kind: K }>, action: Of<T>, state: RunState) => RunPhase;
type Row<K extends PhaseKind> = { [T in ActionType]?: Transition<K, T> };

export function initialRunState(): RunState {
  return { phase: { kind: 'idle' }, role: 'owner', connection: { status: 'connecting', since: null, serverPid: null } };
}

const restartedServer = (state: RunState, serverPid: number) => state.connection.serverPid !== null && state.connection.serverPid !== serverPid;

// Shared cells.
const startRun = (phase: Exclude<RunPhase, { kind: 'starting' }>): RunPhase => ({ kind: 'starting', previous: phase });
const watchRun = (_: RunPhase, a: Of<'watch'>): RunPhase => ({ kind: 'live', runId: a.runId });
const replay = (_: RunPhase, a: Of<'recording-loaded'>): RunPhase => ({ kind: 'replaying', runId: a.runId, status: a.status, at: a.at });
const notFound = (_: RunPhase, a: Of<'not-found'>): RunPhase => ({ kind: 'not-found', what: a.what, id: a.id });
const idle = (): RunPhase => ({ kind: 'idle' });

/**
 * Every transition. A phase that has no cell for an action ignores it (a late answer, a stale event);
 * `connection-lost` and `connection-open` also update `connection` whatever the phase.
 */
export const TRANSITIONS: { [K in PhaseKind]: Row<K> } = {
  idle: {
    'run-requested': (p) => startRun(p),
    watch: watchRun,
    'recording-loaded': replay,
    'not-found': notFound,
  },
  starting: {
    'run-accepted': (_, a) => ({ kind: 'live', runId: a.runId }),
    'run-refused': (p) => p.previous,
    // The request may never have reached the server: show what was there before.
    'connection-lost': (p) => p.previous,
    watch: watchRun,
    reset: idle,
  },
  live: {
    'run-ended': (p, a) => ({ kind: 'ended', runId: p.runId, status: a.status, at: a.at, away: false }),
    // The server says the run was cut off while the page watched (its worker stopped: ERR_RUN_INTERRUPTED).
    outcome: (p, a) => ({ kind: 'ended', runId: p.runId, status: a.status, at: a.at, away: false }),
    'connection-lost': (p) => ({ kind: 'lost', runId: p.runId }),
    watch: watchRun,
    'recording-loaded': replay,
    'not-found': notFound,
    reset: idle,
  },
  lost: {
    'connection-open': (p, a, s) => (restartedServer(s, a.serverPid) ? { kind: 'restarted', runId: p.runId } : { kind: 'live', runId: p.runId }),
    'recording-loaded': replay,
    reset: idle,
  },
  restarted: {
    outcome: (p, a) => ({ kind: 'ended', runId: p.runId, status: a.status, at: a.at, away: true }),
    'run-ended': (p, a) => ({ kind: 'ended', runId: p.runId, status: a.status, at: a.at, away: true }),
    'connection-lost': (p) => ({ kind: 'lost', runId: p.runId }),
    'recording-loaded': replay,
    reset: idle,
  },
  ended: {
    'run-requested': (p) => startRun(p),
    watch: watchRun,
    'recording-loaded': replay,
    'not-found': notFound,
    reset: idle,
  },
  replaying: {
    'run-requested': (p) => startRun(p),
    watch: watchRun,
    'recording-loaded': replay,
    'not-found': notFound,
    reset: idle,
  },
  'not-found': {
    'run-requested': (p) => startRun(p),
    watch: watchRun,
    'recording-loaded': replay,
    'not-found': notFound,
    reset: idle,
  },
};

export function reduceRunState(state: RunState, action: RunAction): RunState {
  const row = TRANSITIONS[state.phase.kind] as Row<PhaseKind>;
  const cell = row[action.type] as Transition<PhaseKind, ActionType> | undefined;
  const phase = cell ? cell(state.phase as never, action as never, state) : state.phase;
  let { role, connection } = state;
  if (action.type === 'run-accepted' && phase !== state.phase) role = 'owner';
  if (action.type === 'watch') role = action.role ?? 'viewer';
  if (action.type === 'role' && 'runId' in phase && phase.runId === action.runId) role = action.role;
  if (action.type === 'connection-lost' && connection.status !== 'lost') connection = { ...connection, status: 'lost', since: action.at };
  if (action.type === 'connection-open') connection = { status: 'open', since: null, serverPid: action.serverPid };
  if (phase === state.phase && role === state.role && connection === state.connection) return state;
  return { phase, role, connection };
}

// ── what the page shows and allows, derived ──────────────────────────────────────────────────────

/** A run in progress as far as the page knows: Cancel instead of Run, the scenario fixed. */
export function runInProgress(state: RunState): boolean {
  const k = state.phase.kind;
  return k === 'live' || k === 'lost' || k === 'restarted';
}

/** Run is offered: nothing in progress and the server reachable (a request is never queued). */
export function canRun(state: RunState): boolean {
  const k = state.phase.kind;
  return state.connection.status === 'open' && (k === 'idle' || k === 'ended' || k === 'replaying' || k === 'not-found');
}

/** Cancel and input reach a live run only from its owner, and only while the server is reachable. */
export function canControlRun(state: RunState): boolean {
  return state.phase.kind === 'live' && state.role === 'owner' && state.connection.status === 'open';
}

/** The clock of a live run advances: its events are arriving. */
export function liveClockRuns(state: RunState): boolean {
  return state.phase.kind === 'live' && state.connection.status === 'open';
}

export type StatusWord = 'idle' | 'starting' | 'running' | 'lost' | 'checking' | 'not-found' | EndStatus | 'incomplete';

/** The word of the status pill and whether it is a replay. */
export function statusOf(state: RunState): { word: StatusWord; replay: boolean } {
  const p = state.phase;
  switch (p.kind) {
    case 'idle':
      return { word: 'idle', replay: false };
    case 'starting':
      return { word: 'starting', replay: false };
    case 'live':
      return { word: 'running', replay: false };
    case 'lost':
      return { word: 'lost', replay: false };
    case 'restarted':
      return { word: 'checking', replay: false };
    case 'ended':
      return { word: p.status, replay: false };
    case 'replaying':
      return { word: p.status, replay: true };
    case 'not-found':
      return { word: 'not-found', replay: false };
  }
}
