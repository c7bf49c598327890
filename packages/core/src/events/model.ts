// The timeline model: what the reducer (`applyEvents`) derives from an event stream. The web draws it,
// the CLI prints it, scenario expectations are pure functions over it. Plain data only (no classes,
// no Maps), so it can be logged, compared and sent anywhere.
//
// Times are microseconds since the run started (the events' `t`).

import type { Containment, Driver, KernelState, OutputStream, RunLimits, RunStatus, SignalName } from './types.js';

/** Why a process ended, derived from its events. */
export type ExitCause =
  | 'returned' // its code ran to the end: exit code 0
  | 'error' // an uncaught error: exit code 1 after a `process.error`
  | 'exit' // it called exit(n) itself (n may be 0 after an explicit exit, or any other code)
  | 'terminated' // SIGTERM sent by another process of the run (`process.terminating`)
  | 'killed' // SIGKILL sent by another process of the run
  | 'daemon-killed' // SIGTERM from its parent at the end of the parent's own code
  | 'signal' // ended by a signal nobody in the run announced (the supervisor, the kernel, OOM)
  | 'unknown'; // it vanished and nobody could observe its exit code

export type SegmentKind =
  | 'spawned' // created by its parent, has not run its first instruction yet
  | 'running' // running its own code
  | 'joining' // blocked in join() waiting for another process
  | 'exiting' // its own code ended; it is running its exit handling (killing daemons, joining children)
  | 'zombie'; // exited, the kernel keeps it until its parent reaps it

export interface Segment {
  kind: SegmentKind;
  start: number;
  /** null while the segment is still open. */
  end: number | null;
  /** For `joining`: the pid being waited for. */
  target?: number;
}

export interface ProcessModel {
  pid: number;
  /** Parent in the Process tree (who started it). Does not change when the kernel re-parents. */
  ppid: number;
  /** Parent as the kernel last reported it (changes on re-parenting). */
  osPpid: number;
  name: string;
  daemon: boolean;
  target: string | null;
  /** Depth in the process tree, root = 0. */
  depth: number;
  discovered: boolean;
  command: string | null;
  spawnedAt: number;
  runningAt: number | null;
  mainEndedAt: number | null;
  exitedAt: number | null;
  exitCode: number | null;
  signal: SignalName | null;
  cause: ExitCause | null;
  /** Latest kernel state reported by the sampler, or null. */
  state: KernelState | null;
  /** Segments in time order; the last one may be open (`end: null`). */
  segments: Segment[];
  /** Re-parenting as observed by the kernel sampler. */
  reparented: { t: number; from: number; to: number }[];
  /** Values reported with `process.var`, per name, in time order. */
  vars: Record<string, { t: number; value: unknown }[]>;
}

export type MarkerKind =
  | 'output'
  | 'error'
  | 'terminate' // on the caller's lane
  | 'daemon-kill' // on the daemon's lane
  | 'alive-check'
  | 'main-ended'
  | 'exit'
  | 'var'
  | 'net'
  | 'input'
  | 'truncated';

export interface Marker {
  /** seq of the event that made it. */
  seq: number;
  t: number;
  pid: number;
  kind: MarkerKind;
  /** Short text for a tooltip or badge: the output line, `-15 SIGTERM`, `n = 0`, … */
  label: string;
}

export type ArrowKind = 'spawn' | 'join' | 'terminate' | 'daemon-kill';

export interface Arrow {
  kind: ArrowKind;
  from: number;
  to: number;
  /** When it starts (spawn: the spawn; join: the join began; terminate: the signal was sent). */
  t: number;
  /** When it ends, where that differs (join: when it returned), or null while open. */
  tEnd: number | null;
  seq: number;
}

export interface ConsoleLine {
  seq: number;
  t: number;
  pid: number;
  /** `output` lines are what the process wrote; `lifecycle` lines are derived (spawned, joined, exited…). */
  kind: 'output' | 'lifecycle';
  stream: OutputStream | null;
  text: string;
}

export interface RunModel {
  runId: string | null;
  scenario: string | null;
  params: Record<string, unknown>;
  driver: Driver | null;
  containment: Containment | null;
  limits: RunLimits | null;
  warnings: string[];
  /** Root process of the run (the first process that reported itself), or null. */
  rootPid: number | null;
  status: RunStatus | 'running' | 'idle';
  reason: string | null;
  exitCode: number | null;
  leftovers: number | null;
  endedAt: number | null;
}

export interface TimelineModel {
  run: RunModel;
  /** Every process seen, by pid. */
  processes: Record<number, ProcessModel>;
  /** pids in tree order (parent before its children, siblings by spawn time): one lane each. */
  laneOrder: number[];
  markers: Marker[];
  arrows: Arrow[];
  console: ConsoleLine[];
  /** Largest `t` applied so far. */
  now: number;
  /** `seq` of the last event applied, −1 before any. */
  lastSeq: number;
  /** Events applied so far (the reducer's input count). */
  eventCount: number;
}
