// The forkscope event protocol, version 1 — the reference table of DESIGN §4, in code.
//
// Every event is a fact, stamped where it happened. Meaning (why a process ended, what a lane looks
// like) is derived later by the reducer. Rules: add fields and types as needed; never reuse a name
// with a new meaning; readers ignore unknown types.
//
// Browser-safe: this folder imports nothing from Node (see ./tsconfig.json).

export const PROTOCOL_VERSION = 1;

/** Signal names the protocol uses for `signal` fields. */
export type SignalName = `SIG${string}`;

/** Fields every event carries once the run's collector has accepted it. */
export interface EventBase {
  /** Gapless arrival order within the run, from 0. */
  seq: number;
  /** Microseconds since the run started, on the system-wide monotonic clock, taken where it happened. */
  t: number;
  /**
   * The process the event is about or came from. Run-level events (`run.*`) use the pid of the run's
   * root process, or 0 before it exists.
   */
  pid: number;
}

export type Containment = 'cgroup' | 'process-group';
export type Driver = 'node' | 'python';
export type RunStatus = 'completed' | 'cancelled' | 'timeout' | 'limit' | 'failed';
export type KernelState = 'R' | 'S' | 'D' | 'Z' | 'T' | 'I' | 'X';
export type OutputStream = 'stdout' | 'stderr';

export interface RunLimits {
  /** Wall-time limit of the run, ms. */
  wallMs: number;
  /** Maximum tasks (processes and threads) in the containment unit. */
  tasks: number;
  /** Memory limit of the whole run, bytes; null where no controller exists. */
  memoryBytes: number | null;
  /** Output bytes forwarded per run before `output.truncated`. */
  outputBytes: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
}

export interface RunStartedEvent extends EventBase {
  type: 'run.started';
  runId: string;
  scenario: string | null;
  params: Record<string, unknown>;
  driver: Driver;
  containment: Containment;
  limits: RunLimits;
  /** Human-readable caveats, e.g. that setsid escapees are possible under `process-group`. */
  warnings: string[];
}

export interface ProcessSpawnedEvent extends EventBase {
  type: 'process.spawned';
  ppid: number;
  name: string;
  daemon: boolean;
  /** The target's name (function or class), or null. */
  target: string | null;
  /** True when the kernel sampler found the process without it reporting itself. */
  discovered?: boolean;
  /** Command line, for discovered processes. */
  command?: string;
}

/**
 * A node-driver process started a spare child ahead of time (a standby: a Node runtime that has loaded the
 * program, waiting for a target), so that a later `start()` runs its child at once instead of after a Node
 * start-up. It is not yet a process of the story: it becomes one at the `process.spawned` its parent emits
 * when a `start()` hands it a target, and an unused one exits quietly when its parent's own code ends.
 * Readers that draw the timeline ignore it; `t` is when the OS process was created.
 */
export interface ProcessStandbyEvent extends EventBase {
  type: 'process.standby';
  ppid: number;
}

export interface ProcessRunningEvent extends EventBase {
  type: 'process.running';
  ppid: number;
  name: string;
}

export interface ProcessOutputEvent extends EventBase {
  type: 'process.output';
  stream: OutputStream;
  text: string;
  /** True when the text came from the run's raw stdout/stderr rather than from the process's own tracer. */
  untraced?: boolean;
  /** True when several writes were merged because a reader fell behind. */
  coalesced?: boolean;
}

export interface ProcessJoiningEvent extends EventBase {
  type: 'process.joining';
  /** pid of the process being waited for. */
  target: number;
  timeoutMs: number | null;
}

export interface ProcessJoinedEvent extends EventBase {
  type: 'process.joined';
  target: number;
  timedOut: boolean;
}

export interface ProcessTerminatingEvent extends EventBase {
  type: 'process.terminating';
  target: number;
  signal: SignalName;
}

export interface ProcessAliveCheckedEvent extends EventBase {
  type: 'process.alive-checked';
  target: number;
  alive: boolean;
}

export interface ProcessMainEndedEvent extends EventBase {
  type: 'process.main-ended';
}

export interface ProcessDaemonKilledEvent extends EventBase {
  type: 'process.daemon-killed';
  /** pid of the parent that sent SIGTERM at the end of its own code. */
  by: number;
}

export interface ProcessErrorEvent extends EventBase {
  type: 'process.error';
  errorType: string;
  message: string;
  stack: string;
  /** Stable error code, when the error is one of forkscope's own. */
  code?: string;
}

export interface ProcessExitedEvent extends EventBase {
  type: 'process.exited';
  /** Python-style exit code: 0, 1, N, or −N for signal N; null if nobody could observe it. */
  exitCode: number | null;
  /** Name of the signal that ended it, or null. */
  signal: SignalName | null;
  /**
   * pid of the process that reaped it: its parent, or the run's reaper (for the root, and for an orphan
   * re-parented to the reaper); the supervisor's pid for a root it started itself (no reaper); 0 when only
   * the kernel sampler saw it go (init reaped it, the code is unknown).
   */
  reapedBy: number;
}

export interface ProcessStateEvent extends EventBase {
  type: 'process.state';
  state: KernelState;
  ppid: number;
}

export interface ProcessReparentedEvent extends EventBase {
  type: 'process.reparented';
  from: number;
  to: number;
  /**
   * True when `to` is the run's own reaper: a child subreaper (PR_SET_CHILD_SUBREAPER) that is the root's
   * parent, so an orphan of the run goes to it rather than to init, and its exit status is collected.
   */
  reaper?: boolean;
}

export interface ProcessVarEvent extends EventBase {
  type: 'process.var';
  name: string;
  value: unknown;
}

export interface ProcessInputEvent extends EventBase {
  type: 'process.input';
  /** A line a user sent to the process's stdin. */
  text: string;
}

export interface NetListeningEvent extends EventBase {
  type: 'net.listening';
  port: number;
}

export interface NetAcceptedEvent extends EventBase {
  type: 'net.accepted';
  port: number;
  /** Peer address as `host:port`. */
  peer: string;
}

export interface NetConnectedEvent extends EventBase {
  type: 'net.connected';
  port: number;
  peer: string;
}

export interface NetClosedEvent extends EventBase {
  type: 'net.closed';
  port: number;
  peer: string;
}

export interface OutputTruncatedEvent extends EventBase {
  type: 'output.truncated';
  droppedBytes: number;
}

export interface RunEndedEvent extends EventBase {
  type: 'run.ended';
  status: RunStatus;
  /** Which limit or failure ended the run (`tasks`, `memory`, `wall`, `output`, …), or null. */
  reason: string | null;
  /** Python-style exit code of the run's root process, or null. */
  exitCode: number | null;
  /** Processes of the run still alive after it was ended (must be 0). */
  leftovers: number;
}

export type ForkscopeEvent =
  | RunStartedEvent
  | ProcessSpawnedEvent
  | ProcessStandbyEvent
  | ProcessRunningEvent
  | ProcessOutputEvent
  | ProcessJoiningEvent
  | ProcessJoinedEvent
  | ProcessTerminatingEvent
  | ProcessAliveCheckedEvent
  | ProcessMainEndedEvent
  | ProcessDaemonKilledEvent
  | ProcessErrorEvent
  | ProcessExitedEvent
  | ProcessStateEvent
  | ProcessReparentedEvent
  | ProcessVarEvent
  | ProcessInputEvent
  | NetListeningEvent
  | NetAcceptedEvent
  | NetConnectedEvent
  | NetClosedEvent
  | OutputTruncatedEvent
  | RunEndedEvent;

export type EventType = ForkscopeEvent['type'];

/** The event of a given type. */
export type EventOf<T extends EventType> = Extract<ForkscopeEvent, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the collector numbered it (tests and fixtures build streams from these). */
export type UnsequencedEvent = DistributiveOmit<ForkscopeEvent, 'seq'>;

/**
 * What a traced process writes to the run's trace channel: one JSON object per line, an event without
 * `seq` and `t`, carrying `tm` instead — the absolute CLOCK_MONOTONIC time in microseconds at the moment
 * it happened. The collector turns `tm` into `t` and assigns `seq`.
 */
export type TraceRecord = DistributiveOmit<ForkscopeEvent, 'seq' | 't'> & { tm: number };
