// The timeline model: what the reducer (`applyEvents`) derives from an event stream. The web draws it,
// the CLI prints it, scenario expectations are pure functions over it. Plain data (no Maps), so it can be
// logged, compared and sent anywhere; the three lists that grow with a run (markers, arrows, console) are
// ChunkedLists, which versions of the model share (read like arrays: `at`, `length`, `for … of`; JSON
// gives arrays).
//
// Times are microseconds since the run started (the events' `t`).

import type { ChunkedList } from './chunked-list.js';
import type { Containment, Driver, FactSource, FdInfo, KernelState, OutputStream, RunLimits, RunStatus, SignalName, SignalResult } from './types.js';

/** Why a process ended, derived from its events. */
export type ExitCause =
  | 'returned' // its code ran to the end: exit code 0
  | 'error' // an uncaught error: exit code 1 after a `process.error`
  | 'exit' // it called exit(n) itself (n may be 0 after an explicit exit, or any other code)
  | 'terminated' // SIGTERM sent by another process of the run (`process.terminating`)
  | 'killed' // SIGKILL sent by another process of the run
  | 'daemon-killed' // SIGTERM from its parent at the end of the parent's own code
  | 'signal' // ended by a signal nobody in the run announced (the supervisor, the kernel, OOM)
  | 'reparented' // re-parented away from the run: its exit code went to its new parent, not visible to the run
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
  reparented: { t: number; from: number; to: number; reaper?: boolean }[];
  /** Values reported with `process.var`, per name, in time order. */
  vars: Record<string, { t: number; value: unknown }[]>;
  /**
   * True while the process is only known from events that do not say who it is (output, kernel state,
   * a terminate aimed at it…) and neither its `process.spawned` nor its `process.running` arrived yet:
   * `ppid` is 0 and `name` is `?` until then. Always set by the reducer.
   */
  provisional?: boolean;
  /** The last uncaught error it reported (`process.error`), or null. Always set by the reducer. */
  error?: ProcessErrorInfo | null;
  /**
   * Signals sent to it, in arrival order: announced by other processes of the run (terminate, kill, daemon
   * kill), reported by the supervisor (a cancel), or seen by the kernel — one entry per signal, the kernel's
   * confirmation joined to the report it matches.
   */
  signals?: AnnouncedSignal[];
  /** The kernel's exit event (`process.died`): its zombie time runs from `t` to its reap. Null when unknown. */
  died?: { seq: number; t: number; exitCode: number | null; signal: SignalName | null; ppid: number; source: FactSource } | null;
  /** Its open descriptors soon after it started (`process.fds`), or null. */
  fds?: ProcessFds | null;
  /** Its memory over time (`process.memory`), in time order. */
  memory?: MemoryPoint[];
  /** seq of its (first) `process.spawned`, or null. Always set by the reducer. */
  spawnSeq?: number | null;
  /** seq of its `process.exited`, or null. Always set by the reducer. */
  exitSeq?: number | null;
  /** The pid it is blocked in join() on right now, or null. Always set by the reducer. */
  joiningTarget?: number | null;
  /** Reducer bookkeeping: indexes into the model's arrays, so later events update them without a search. */
  refs?: ProcessRefs;
}

export interface ProcessErrorInfo {
  seq: number;
  t: number;
  errorType: string;
  message: string;
  code?: string;
}

export interface AnnouncedSignal {
  seq: number;
  t: number;
  /** pid of the process that sent it. */
  by: number;
  signal: SignalName;
  /** True for the SIGTERM a parent sends its daemons when its own code ends (`process.daemon-killed`). */
  daemonKill: boolean;
  /** Who said so first: the sender (`process`), the supervisor, or only the kernel. Absent: `process`. */
  source?: FactSource;
  /** True when the sender is a process of the run (then the signal explains the exit). Absent: true. */
  fromRun?: boolean;
  /** The supervisor's reason (`cancel`, `wall`, …), for its own signals. */
  reason?: string;
  /** The sender's command name as the kernel knows it, for a sender outside the run. */
  byName?: string;
  /** The kernel's confirmation: when it generated the signal and what it did with it. */
  kernel?: { seq: number; t: number; result?: SignalResult };
}

export interface ProcessFds {
  seq: number;
  t: number;
  /** The parent the descriptors were compared with. */
  ppid: number;
  list: FdInfo[];
  /** Descriptors past the listed ones. */
  more: number;
  source: FactSource;
}

/** One reading of a process's memory (bytes), from /proc/<pid>/smaps_rollup. */
export interface MemoryPoint {
  seq: number;
  t: number;
  rss: number;
  pss: number;
  privateDirty: number;
  privateClean: number;
  sharedDirty: number;
  sharedClean: number;
  swap: number;
  source: FactSource;
}

/** Indexes into `TimelineModel` lists (which only ever grow, so an index stays valid). */
export interface ProcessRefs {
  /** Console line still waiting for its newline, per stream. */
  openLine?: Partial<Record<OutputStream, number>>;
  /** Console line and marker of its exit. */
  exitLine?: number;
  exitMarker?: number;
  /** Its spawn arrow (parent → it). */
  spawnArrow?: number;
  /** Its open join arrow (it → target). */
  joinArrow?: number;
  /** Terminate / daemon-kill arrows aimed at it, closed when it exits. */
  killArrows?: number[];
  /** Every signal arrow aimed at it (terminate, daemon-kill, signal), so a kernel confirmation finds its arrow. */
  signalArrows?: number[];
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
  | 'truncated'
  | 'signal'; // on the target's lane: a signal from outside the run's lanes (the supervisor, another process, the kernel)

export interface Marker {
  /** seq of the event that made it. */
  seq: number;
  t: number;
  pid: number;
  kind: MarkerKind;
  /** Short text for a tooltip or badge: the output line, `-15 SIGTERM`, `n = 0`, … */
  label: string;
  /** The other process involved (terminate, alive-check), when there is one. */
  target?: number;
  /** For `output` markers: which stream. */
  stream?: OutputStream;
}

/** `signal`: a signal no process of the run announced (the supervisor's, or one only the kernel saw). */
export type ArrowKind = 'spawn' | 'join' | 'terminate' | 'daemon-kill' | 'signal';

export interface Arrow {
  kind: ArrowKind;
  from: number;
  to: number;
  /** When it starts (spawn: the spawn; join: the join began; terminate: the signal was sent). */
  t: number;
  /**
   * When it ends, or null while open. spawn: equal to `t`; join: when join() returned (or the waiter
   * died, or the run ended); terminate / daemon-kill: when the target exited — the gap is what
   * "terminate() is asynchronous" means.
   */
  tEnd: number | null;
  seq: number;
  /** For signal arrows (terminate, daemon-kill, signal): which signal. */
  signal?: SignalName;
  /** For signal arrows: who reported it first (`process`, `supervisor`, `kernel`). */
  source?: FactSource;
  /** For signal arrows: when the kernel generated it, when a kernel source saw it. */
  confirmedAt?: number;
}

export interface ConsoleLine {
  seq: number;
  t: number;
  pid: number;
  /** `output` lines are what the process wrote; `lifecycle` lines are derived (spawned, joined, exited…). */
  kind: 'output' | 'lifecycle';
  stream: OutputStream | null;
  /** The line without its newline. Lifecycle lines are in English; translate from `lifecycle`. */
  text: string;
  /** For lifecycle lines: what happened, as data (the web renders it in zh or en). */
  lifecycle?: ConsoleLifecycle;
  /**
   * For output lines: true while the line has not received its newline yet. A later write of the same
   * process and stream continues it (a prompt, or PYTHONUNBUFFERED fragments such as `hello` + ` bob`).
   */
  open?: boolean;
  /** For output lines: the text came from the run's raw stdout/stderr, not the process's tracer. */
  untraced?: boolean;
}

/** The derived facts behind a lifecycle console line; `ConsoleLine.pid` is the process it is about. */
export type ConsoleLifecycle =
  | { kind: 'spawned'; /** parent pid (0 if unknown) */ by: number; daemon: boolean; discovered: boolean }
  | { kind: 'joined'; target: number; timedOut: boolean }
  | { kind: 'terminating'; target: number; signal: SignalName }
  | { kind: 'alive-checked'; target: number; alive: boolean }
  | { kind: 'daemon-killed'; by: number }
  | { kind: 'exited'; exitCode: number | null; signal: SignalName | null; cause: ExitCause; /** `0`, `−15 SIGTERM` */ badge: string }
  | { kind: 'reparented'; from: number; to: number; reaper?: boolean }
  | { kind: 'signalled'; by: number; signal: SignalName; source: FactSource; byName?: string; reason?: string }
  | { kind: 'input'; text: string }
  | { kind: 'truncated'; droppedBytes: number }
  | { kind: 'run-ended'; status: RunStatus; exitCode: number | null; leftovers: number; reason: string | null; processes: number };

export type ConsoleLifecycleKind = ConsoleLifecycle['kind'];

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
  /** `t` of `run.started`, or null. Always set by the reducer. */
  startedAt?: number | null;
  /** The learner's own program when the run is an edited version of the lesson (run.started's `edit`), else null. */
  edit?: { source: string } | null;
  /** run.ended's `message`: why the program never started, when that is the program's fault. */
  message?: string;
  /** Which kernel sources the run's facts come from (`run.sources`), or null when the run did not say. */
  sources?: { signals: 'kernel' | 'report'; exits: 'kernel' | 'sampler'; notes: string[] } | null;
}

export interface TimelineModel {
  run: RunModel;
  /** Every process seen, by pid. */
  processes: Record<number, ProcessModel>;
  /** pids in tree order (parent before its children, siblings by spawn time): one lane each. */
  laneOrder: number[];
  markers: ChunkedList<Marker>;
  arrows: ChunkedList<Arrow>;
  console: ChunkedList<ConsoleLine>;
  /** Largest `t` applied so far. */
  now: number;
  /** `seq` of the last event applied, −1 before any. */
  lastSeq: number;
  /** Events applied so far (the reducer's input count). */
  eventCount: number;
}
