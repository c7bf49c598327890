// What the run manager needs from the rest of forkscope, as narrow interfaces: the supervisor
// (@forkscope/supervisor, contract 3) and the scenario catalogue (@forkscope/scenarios, contract 4).
// The real ones satisfy them structurally; unit tests pass small fakes.
import type { Driver, ForkscopeEvent, RunLimits } from '@forkscope/protocol';
import type { RunResult } from '@forkscope/supervisor';

export type RunResultLike = Pick<RunResult, 'runId' | 'status' | 'reason' | 'exitCode' | 'leftovers' | 'durationMs'>;

export interface RunHandleLike {
  readonly id: string;
  subscribe(listener: (event: ForkscopeEvent) => void, fromSeq?: number): () => void;
  cancel(): Promise<RunResultLike>;
  input(pid: number, text: string): void;
  readonly result: Promise<RunResultLike>;
}

export interface RunLaunch {
  program?: { file: string };
  /** A learner's edited program (run in the supervisor's sandbox). */
  edit?: { source: string; name?: string };
  driver?: Driver;
  command?: string[];
  env?: Record<string, string>;
  limits?: Partial<RunLimits>;
}

/** Whether the supervisor can run edited programs, and why not. */
export type SandboxStatusLike = { ok: true } | { ok: false; reason: string };

export interface RunSupervisorLike {
  startRun(options: RunLaunch & { params?: Record<string, unknown>; scenario?: string | null; runId?: string }): RunHandleLike;
  /** Detected once at start; a supervisor without one runs no edited program. */
  readonly sandbox?: Promise<SandboxStatusLike>;
  close(): Promise<void>;
}

/** The parts of a scenario the server reads; the rest of the metadata is passed through to REST as is. */
export interface ScenarioLike {
  id: string;
  drivers: readonly Driver[];
}

export type ParamsVerdict =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; code: 'ERR_BAD_PARAM' | 'ERR_UNKNOWN_PARAM'; field: string; message: string };

export interface ScenarioCatalogueLike<S extends ScenarioLike = ScenarioLike> {
  list(): readonly S[];
  get(id: string): S | undefined;
  /** Checks `input` for a run of `scenario` under `driver` (some parameters exist for one driver only). */
  validateParams(scenario: S, input: unknown, driver: Driver): ParamsVerdict;
  /** How to start the scenario's program with this driver. */
  launch(scenario: S, driver: Driver): RunLaunch;
  /** The version of the runtime a driver runs programs with (python: CPython's), for recording headers; null when unknown. */
  runtimeVersion?(driver: Driver): string | null;
  /** The file name of the scenario's program for this driver (what an edited version's errors show), or null. */
  programName?(scenario: S, driver: Driver): string | null;
  /** The program's source text, or null when the scenario has no program for this driver. */
  source(scenario: S, driver: Driver): string | null;
}
