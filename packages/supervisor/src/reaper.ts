// The run's reaper: a tiny native helper (reaper/forkscope-reaper.c, built at install by
// scripts/build-native.mjs) that the wrapper execs in the root's place. It marks itself a child subreaper,
// forks the root, and reaps every child it gets — the root, and each orphan of the run the kernel re-parents
// to it — reporting each raw wait status on its own pipe (fd 4), which only it holds.
//
// Why a native helper: PR_SET_CHILD_SUBREAPER and waitpid(-1) are out of Node's reach, and the reaper must
// be an ancestor of every process of the run under both drivers (the python driver's own process would cover
// only Python runs, and would make main itself the orphans' parent). Without it (no C compiler at install,
// not Linux) runs still work: orphans go to init as before, and run.started says so.
import { accessSync, constants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SignalName } from '@forkscope/protocol';

/** The fd on which the reaper reports (the supervisor's pipe; close-on-exec inside the reaper). */
export const REAPER_FD = 4;

export const NO_REAPER_WARNING =
  'No run reaper (it is built at install with a C compiler): orphaned processes are reaped by init, so their exit codes stay unknown.';

/** The built reaper, or null when it is missing or not executable. */
export function findReaper(): string | null {
  const path = fileURLToPath(new URL('../native/forkscope-reaper', import.meta.url));
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

/** The argv that runs `argv` under the reaper. */
export function reaperArgv(reaper: string, argv: string[]): string[] {
  return [reaper, String(REAPER_FD), ...argv];
}

export type ReaperReport = { kind: 'root'; pid: number; tm: number } | { kind: 'exit'; pid: number; status: number; tm: number };

const LINE = /^(?:root (\d+) (\d+)|exit (\d+) (-?\d+) (\d+))$/;

/** One line of the reaper's pipe, or null if it is not one. */
export function parseReaperLine(line: string): ReaperReport | null {
  const match = LINE.exec(line);
  if (!match) return null;
  if (match[1] !== undefined) return { kind: 'root', pid: Number(match[1]), tm: Number(match[2]) };
  return { kind: 'exit', pid: Number(match[3]), status: Number(match[4]), tm: Number(match[5]) };
}

/** A raw wait status as Python's `os.waitstatus_to_exitcode` reads it: the code, or −N for signal N. */
export function decodeWaitStatus(status: number): { exitCode: number | null; signal: SignalName | null } {
  const signum = status & 0x7f;
  if (signum === 0) return { exitCode: (status >> 8) & 0xff, signal: null };
  if (signum === 0x7f) return { exitCode: null, signal: null }; // stopped, not ended: waitpid without WUNTRACED never says so
  const name = Object.entries(osConstants.signals).find(([, n]) => n === signum)?.[0];
  return { exitCode: -signum, signal: (name ?? `SIG${signum}`) as SignalName };
}
