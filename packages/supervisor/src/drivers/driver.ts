// Contract 3 (team plan): how a run's root process is started for a program in a given language.
import type { Driver } from '@forkscope/protocol';

/** What to exec for a run's root process. The supervisor adds the trace channel and its own env on top. */
export interface ProgramLaunch {
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** How to run programs of one language (`Driver`, the protocol's name for the language, is its `id`). */
export interface ProgramDriver {
  id: Driver;
  /** Whether this driver can run programs on this machine, and why not. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** How to start `file` as a run's root process; params reach the program as FORKSCOPE_PARAMS. */
  prepare(program: { file: string }, params: Record<string, unknown>): Promise<ProgramLaunch>;
  /**
   * How to start a program given as text (a learner's edited version of a lesson): its files are written into
   * `dir`, and nothing else is read on its behalf. `name` is the file name its errors show.
   */
  prepareSource?(source: string, dir: string, name: string, params: Record<string, unknown>): Promise<ProgramLaunch>;
  /** The version of the runtime it runs programs with, where that is not this Node (python: CPython's); null when unavailable. */
  version?(): Promise<string | null>;
}

