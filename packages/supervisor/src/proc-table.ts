// Reads of the kernel's process table (/proc): the sampler's and the leftover oracle's only source of truth.
import { readdirSync, readFileSync } from 'node:fs';
import type { KernelState } from '@forkscope/protocol';

export interface ProcStat {
  pid: number;
  comm: string;
  state: KernelState;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks since boot; tells a reused pid from the process we knew. */
  startTime: number;
}

const KNOWN_STATES = new Set(['R', 'S', 'D', 'Z', 'T', 'I', 'X']);

function normaliseState(letter: string): KernelState {
  if (letter === 't') return 'T'; // stopped by a tracer: still "stopped" for a learner
  return (KNOWN_STATES.has(letter) ? letter : 'S') as KernelState;
}

/** Parses one /proc/<pid>/stat line; comm may hold spaces and parentheses, so split at the last ')'. */
export function parseStat(line: string): ProcStat | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = line.slice(close + 2).split(' ');
  const pid = Number(line.slice(0, open).trim());
  const state = rest[0];
  if (!state || !Number.isInteger(pid)) return null;
  return {
    pid,
    comm: line.slice(open + 1, close),
    state: normaliseState(state),
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    sid: Number(rest[3]),
    startTime: Number(rest[19]),
  };
}

/**
 * The process's stat, or null when it is gone (fully reaped). `proc`: the procfs to read, `/proc` or a sandbox's
 * own (sandbox/sandbox-proc-view.ts), where pids are the sandbox's.
 */
export function readStat(pid: number, proc = '/proc'): ProcStat | null {
  try {
    return parseStat(readFileSync(`${proc}/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** One variable of the process's initial environment, or null (unreadable, zombie, or not set). */
export function readEnvVar(pid: number, name: string): string | null {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null;
  }
  const prefix = `${name}=`;
  for (const entry of environ.split('\0')) {
    if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  }
  return null;
}

/** Every pid in /proc right now. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** Live (non-zombie) processes whose environment carries `FORKSCOPE_RUN=<runId>`, excluding ourselves. */
export function findTaggedProcesses(runId: string | ((value: string) => boolean)): ProcStat[] {
  const match = typeof runId === 'string' ? (value: string) => value === runId : runId;
  const found: ProcStat[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const tag = readEnvVar(pid, 'FORKSCOPE_RUN');
    if (tag === null || !match(tag)) continue;
    const stat = readStat(pid);
    if (stat && stat.state !== 'Z' && stat.state !== 'X') found.push(stat);
  }
  return found;
}

/** Whether a pid names a process that is alive (not a zombie). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}
