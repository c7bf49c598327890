// Public types of the run supervisor (team plan, contract 3).
import type { Containment, ForkscopeEvent, RunLimits, RunStatus } from '@forkscope/protocol';
import type { ProgramDriver } from './drivers/driver.js';
import type { SandboxStatus } from './sandbox/detect-sandbox.js';

export type { Containment, RunLimits, RunStatus } from '@forkscope/protocol';

export interface SupervisorOptions {
  /**
   * Where per-run cgroups are created: a cgroup v2 directory (it must offer `cgroup.kill`), `null` to force
   * the process-group fallback, or undefined to detect.
   */
  cgroupRoot?: string | null;
  /** Defaults for every run's limits; each run may lower or raise them within the hard maxima. */
  limits?: Partial<RunLimits>;
  /** TERM→KILL grace period of a cancel, ms. Default 2000. */
  graceMs?: number;
  /** Kernel sampler period, ms. Default 10. */
  sampleIntervalMs?: number;
  /** Whether to start the server-death watchdog. Default true. */
  watchdog?: boolean;
  /** Whether to sweep units left by dead servers at creation. Default true. */
  sweep?: boolean;
  /**
   * Whether each run gets its own reaper (a child subreaper that collects the real exit status of the run's
   * orphans), where it was built at install. Default true; false: orphans go to init, as without the helper.
   */
  reaper?: boolean;
  /**
   * The host uid and gid edited programs run as inside their sandbox (when the server is root). Default 65534
   * (`nobody`): unprivileged, owning nothing.
   */
  sandboxUid?: number;
  sandboxGid?: number;
  /**
   * Whether runs get the kernel's facts where the machine offers them: exits from the netlink process-events
   * connector, signals from the `signal:signal_generate` tracepoint through bpftrace (started at the first run,
   * stopped by close()). Default true; false: the senders' own reports and the sampler only.
   */
  kernelSources?: boolean;
}

export interface StartRunOptions {
  /** A program started through a driver… */
  program?: { file: string };
  driver?: 'node' | 'python' | ProgramDriver;
  /** …or a raw argv (tests, fixtures)… */
  command?: string[];
  /**
   * …or a learner's edited program: its text, run by `driver` (`node`: TypeScript, `python`) inside the sandbox
   * (sandbox/), with the edited-run limits (sandbox/edit-limits.ts) unless `limits` lowers them. `name`: the file
   * name its errors show. The run's pids are the sandbox's own.
   */
  edit?: { source: string; name?: string };
  params?: Record<string, unknown>;
  scenario?: string | null;
  limits?: Partial<RunLimits>;
  runId?: string;
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  /** Which limit or failure ended the run (`wall`, `tasks`, `memory`, `cpu`, `cancel`, `spawn`…), or null. */
  reason: string | null;
  /** Python-style exit code of the root process (−N for signal N), or null. */
  exitCode: number | null;
  /** Processes of the run still alive after it ended (0 unless containment failed). */
  leftovers: number;
  durationMs: number;
  /** Human-readable message for a run that did not complete, e.g. `Run "abc" was cancelled after 412 ms`. */
  message: string | null;
  /** Output bytes dropped after the output limit. */
  outputDroppedBytes: number;
}

export interface RunHandle {
  readonly id: string;
  /** Everything emitted so far, in seq order. */
  readonly events: readonly ForkscopeEvent[];
  /** Replays events from `fromSeq` (default 0), then delivers live ones. Returns an unsubscribe function. */
  subscribe(listener: (event: ForkscopeEvent) => void, fromSeq?: number): () => void;
  /** Ends the run (SIGTERM, grace, kill the unit); resolves with the final result. */
  cancel(): Promise<RunResult>;
  /** Sends a line to a process of the run through `$FORKSCOPE_RUN_DIR/input.sock`. */
  input(pid: number, text: string): void;
  readonly result: Promise<RunResult>;
}

export interface Supervisor {
  readonly containment: Containment;
  /** Caveats of the containment in use (shown in `run.started`). */
  readonly warnings: readonly string[];
  /** Defaults applied to runs that do not set a limit. */
  readonly limits: Readonly<RunLimits>;
  /** Whether edited programs can run here, and why not; detected once, at creation. */
  readonly sandbox: Promise<SandboxStatus>;
  startRun(options: StartRunOptions): RunHandle;
  /** Runs not yet ended. */
  readonly runs: ReadonlyMap<string, RunHandle>;
  /** Cancels every live run and stops the watchdog. */
  close(): Promise<void>;
}
