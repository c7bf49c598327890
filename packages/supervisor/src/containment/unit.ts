// What a run's containment unit offers the run: a way to start the root inside it, to list and end its
// processes, and to read which limit it hit.
import type { Containment, RunLimits } from '@forkscope/protocol';

export interface UnitLaunch {
  /** argv of the wrapper that joins the unit and then execs the program. */
  argv: string[];
  /** Whether the root must lead a new session (process-group containment). */
  detached: boolean;
}

export interface ContainmentUnit {
  readonly kind: Containment;
  /** `forkscope-<server pid>-<run id>`. */
  readonly name: string;
  /** How to start `argv` inside the unit. */
  launch(argv: string[], cpuSeconds: number): UnitLaunch;
  /** Tells the unit the root's pid once spawned (the fallback needs it as the process group id). */
  adopt(rootPid: number): void;
  /** Pids of the unit's processes right now (may include zombies). */
  pids(): number[];
  /** Whether no live process remains. */
  isEmpty(): boolean;
  /** Sends `signal` to every process of the unit. */
  signalAll(signal: NodeJS.Signals): void;
  /** Kills every process of the unit, including ones forking right now. */
  killAll(): void;
  /** The limit the unit has hit (`tasks`, `memory`), or null. */
  limitHit(): string | null;
  /** Removes the unit; returns false if it could not (still populated). */
  remove(): boolean;
}

export interface ContainmentFactory {
  readonly kind: Containment;
  readonly warnings: readonly string[];
  /** Whether memory limits can be enforced. */
  readonly hasMemoryLimit: boolean;
  /** Whether task limits can be enforced. */
  readonly hasTaskLimit: boolean;
  /** Directories holding units (for the watchdog and the sweep). */
  readonly roots: readonly string[];
  create(unit: { name: string; runId: string }, limits: RunLimits): ContainmentUnit;
}
