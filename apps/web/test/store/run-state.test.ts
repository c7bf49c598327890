import { describe, expect, test } from 'vitest';
import {
  canControlRun,
  canRun,
  initialRunState,
  liveClockRuns,
  reduceRunState,
  runInProgress,
  statusOf,
  TRANSITIONS,
  type ActionType,
  type PhaseKind,
  type RunAction,
  type RunPhase,
  type RunState,
} from '../../src/store/run-state.js';

const open = (phase: RunPhase, serverPid = 10): RunState => ({ phase, role: 'owner', connection: { status: 'open', since: null, serverPid } });

const PHASES: Record<PhaseKind, RunPhase> = {
  idle: { kind: 'idle' },
  starting: { kind: 'starting', previous: { kind: 'ended', runId: 'r1', status: 'completed', at: 3_000_000, away: false } },
  live: { kind: 'live', runId: 'r1' },
  lost: { kind: 'lost', runId: 'r1' },
  restarted: { kind: 'restarted', runId: 'r1' },
  ended: { kind: 'ended', runId: 'r1', status: 'completed', at: 3_000_000, away: false },
  replaying: { kind: 'replaying', runId: 'r2', status: 'completed', at: 1_000 },
  'not-found': { kind: 'not-found', what: 'run', id: 'nope' },
};

const ACTIONS: Record<ActionType, RunAction> = {
  'run-requested': { type: 'run-requested' },
  'run-accepted': { type: 'run-accepted', runId: 'r9' },
  'run-refused': { type: 'run-refused' },
  watch: { type: 'watch', runId: 'r7' },
  'run-ended': { type: 'run-ended', status: 'cancelled', at: 1_200_000 },
  'connection-lost': { type: 'connection-lost', at: 1_700_000_000_000 },
  'connection-open': { type: 'connection-open', serverPid: 10 },
  outcome: { type: 'outcome', status: 'interrupted', at: 2_500_000 },
  'recording-loaded': { type: 'recording-loaded', runId: 'r3', status: 'incomplete', at: 4_000 },
  'not-found': { type: 'not-found', what: 'live', id: 'gone' },
  role: { type: 'role', runId: 'r1', role: 'viewer' },
  reset: { type: 'reset' },
};

// Every (phase, action) pair: the phase it leads to, or `same` where the phase ignores the action.
const TABLE: [PhaseKind, ActionType, RunPhase | 'same'][] = [
  ['idle', 'run-requested', { kind: 'starting', previous: PHASES.idle as never }],
  ['idle', 'watch', { kind: 'live', runId: 'r7' }],
  ['idle', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['idle', 'not-found', { kind: 'not-found', what: 'live', id: 'gone' }],
  ['idle', 'run-accepted', 'same'],
  ['idle', 'run-ended', 'same'],
  ['idle', 'connection-lost', 'same'],
  ['idle', 'outcome', 'same'],
  ['idle', 'reset', 'same'],
  ['starting', 'run-accepted', { kind: 'live', runId: 'r9' }],
  ['starting', 'run-refused', PHASES.ended],
  ['starting', 'connection-lost', PHASES.ended],
  ['starting', 'watch', { kind: 'live', runId: 'r7' }],
  ['starting', 'reset', PHASES.idle],
  ['starting', 'run-requested', 'same'],
  ['starting', 'recording-loaded', 'same'],
  ['live', 'run-ended', { kind: 'ended', runId: 'r1', status: 'cancelled', at: 1_200_000, away: false }],
  ['live', 'connection-lost', { kind: 'lost', runId: 'r1' }],
  ['live', 'watch', { kind: 'live', runId: 'r7' }],
  ['live', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['live', 'not-found', { kind: 'not-found', what: 'live', id: 'gone' }],
  ['live', 'reset', PHASES.idle],
  ['live', 'run-requested', 'same'],
  ['live', 'run-accepted', 'same'],
  ['live', 'outcome', { kind: 'ended', runId: 'r1', status: 'interrupted', at: 2_500_000, away: false }],
  ['live', 'connection-open', 'same'],
  ['lost', 'connection-open', { kind: 'live', runId: 'r1' }],
  ['lost', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['lost', 'reset', PHASES.idle],
  ['lost', 'run-requested', 'same'],
  ['lost', 'run-ended', 'same'],
  ['lost', 'watch', 'same'],
  ['restarted', 'outcome', { kind: 'ended', runId: 'r1', status: 'interrupted', at: 2_500_000, away: true }],
  ['restarted', 'run-ended', { kind: 'ended', runId: 'r1', status: 'cancelled', at: 1_200_000, away: true }],
  ['restarted', 'connection-lost', { kind: 'lost', runId: 'r1' }],
  ['restarted', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['restarted', 'reset', PHASES.idle],
  ['restarted', 'run-requested', 'same'],
  ['restarted', 'connection-open', 'same'],
  ['ended', 'run-requested', { kind: 'starting', previous: PHASES.ended as never }],
  ['ended', 'watch', { kind: 'live', runId: 'r7' }],
  ['ended', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['ended', 'not-found', { kind: 'not-found', what: 'live', id: 'gone' }],
  ['ended', 'reset', PHASES.idle],
  ['ended', 'run-ended', 'same'],
  ['ended', 'connection-lost', 'same'],
  ['ended', 'outcome', 'same'],
  ['replaying', 'run-requested', { kind: 'starting', previous: PHASES.replaying as never }],
  ['replaying', 'watch', { kind: 'live', runId: 'r7' }],
  ['replaying', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['replaying', 'not-found', { kind: 'not-found', what: 'live', id: 'gone' }],
  ['replaying', 'reset', PHASES.idle],
  ['replaying', 'run-ended', 'same'],
  ['replaying', 'run-accepted', 'same'],
  ['not-found', 'run-requested', { kind: 'starting', previous: PHASES['not-found'] as never }],
  ['not-found', 'watch', { kind: 'live', runId: 'r7' }],
  ['not-found', 'recording-loaded', { kind: 'replaying', runId: 'r3', status: 'incomplete', at: 4_000 }],
  ['not-found', 'not-found', { kind: 'not-found', what: 'live', id: 'gone' }],
  ['not-found', 'reset', PHASES.idle],
  ['not-found', 'run-ended', 'same'],
];

describe('the run state, transition by transition', () => {
  test.each(TABLE)('%s + %s', (from, action, to) => {
    const state = open(PHASES[from]);
    const next = reduceRunState(state, ACTIONS[action]);
    expect(next.phase).toEqual(to === 'same' ? state.phase : to);
  });

  test('the table covers every cell the reducer defines', () => {
    const defined = Object.entries(TRANSITIONS).flatMap(([phase, row]) => Object.keys(row).map((action) => `${phase} ${action}`));
    const tested = new Set(TABLE.filter(([, , to]) => to !== 'same').map(([phase, action]) => `${phase} ${action}`));
    expect(defined.filter((cell) => !tested.has(cell))).toEqual([]);
  });
});

describe('the connection', () => {
  test('a lost connection records since when, once; a live run is then lost', () => {
    let s = open(PHASES.live);
    s = reduceRunState(s, { type: 'connection-lost', at: 1000 });
    s = reduceRunState(s, { type: 'connection-lost', at: 2000 }); // a failed retry
    expect(s.connection).toEqual({ status: 'lost', since: 1000, serverPid: 10 });
    expect(s.phase).toEqual({ kind: 'lost', runId: 'r1' });
  });

  test('the same server back: the run is live again; another server process: the page asks what became of it', () => {
    const lost = reduceRunState(open(PHASES.live, 10), { type: 'connection-lost', at: 1000 });
    expect(reduceRunState(lost, { type: 'connection-open', serverPid: 10 }).phase).toEqual({ kind: 'live', runId: 'r1' });
    const back = reduceRunState(lost, { type: 'connection-open', serverPid: 11 });
    expect(back.phase).toEqual({ kind: 'restarted', runId: 'r1' });
    expect(back.connection).toEqual({ status: 'open', since: null, serverPid: 11 });
  });

  test('the first hello is not a restart', () => {
    const first = { ...initialRunState(), phase: PHASES.lost };
    expect(reduceRunState(first, { type: 'connection-open', serverPid: 42 }).phase).toEqual({ kind: 'live', runId: 'r1' });
  });
});

describe('who the page is to the run', () => {
  test('a run this page started is owned; a watched one is watched, unless the watch says otherwise', () => {
    const started = reduceRunState(reduceRunState(open(PHASES.idle), ACTIONS['run-requested']), ACTIONS['run-accepted']);
    expect(started.role).toBe('owner');
    const watched = reduceRunState(started, { type: 'watch', runId: 'r7' });
    expect(watched.role).toBe('viewer');
    expect(reduceRunState(watched, { type: 'watch', runId: 'r7', role: 'owner' }).role).toBe('owner');
  });
});

describe('what the page shows and allows', () => {
  const rows: [PhaseKind, 'open' | 'lost', { word: string; replay: boolean }, boolean, boolean, boolean][] = [
    // phase, connection, status, Run offered, Cancel/input allowed, run in progress
    ['idle', 'open', { word: 'idle', replay: false }, true, false, false],
    ['idle', 'lost', { word: 'idle', replay: false }, false, false, false],
    ['starting', 'open', { word: 'starting', replay: false }, false, false, false],
    ['live', 'open', { word: 'running', replay: false }, false, true, true],
    ['lost', 'lost', { word: 'lost', replay: false }, false, false, true],
    ['restarted', 'open', { word: 'checking', replay: false }, false, false, true],
    ['ended', 'open', { word: 'completed', replay: false }, true, false, false],
    ['replaying', 'open', { word: 'completed', replay: true }, true, false, false],
    ['not-found', 'open', { word: 'not-found', replay: false }, true, false, false],
  ];
  test.each(rows)('%s, connection %s', (phase, connection, status, run, control, progress) => {
    const s: RunState = { phase: PHASES[phase], role: 'owner', connection: { status: connection, since: connection === 'lost' ? 1 : null, serverPid: 10 } };
    expect(statusOf(s)).toEqual(status);
    expect(canRun(s)).toBe(run);
    expect(canControlRun(s)).toBe(control);
    expect(liveClockRuns(s)).toBe(control);
    expect(runInProgress(s)).toBe(progress);
  });
});
