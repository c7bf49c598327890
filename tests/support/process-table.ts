// The tests' oracle for processes: what the kernel's process table says, read from /proc directly and
// never through the code under test.
import { readdirSync, readFileSync } from 'node:fs';

/** The state letter (R, S, D, Z, T…) of `pid` now, or null when there is no such process. */
function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return null;
  }
}

/** Whether `pid` is a live process (exists and is not a zombie). */
export function isLive(pid: number): boolean {
  const state = stateOf(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/** The parent pid the kernel reports for `pid` now. */
export function kernelPpid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * Live processes (zombies do not count) whose environment has `variable` set to one of `values` (to any
 * value if omitted): FORKSCOPE_RUN for a supervisor's runs, FORKSCOPE_TEST_TAG for the tests' own.
 */
export function liveTagged(values?: Iterable<string>, variable = 'FORKSCOPE_RUN'): number[] {
  const wanted = values ? new Set(values) : null;
  const prefix = `${variable}=`;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let tag: string | undefined;
    try {
      tag = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((entry) => entry.startsWith(prefix));
    } catch {
      continue; // gone while we looked, or not ours to read
    }
    if (!tag || (wanted && !wanted.has(tag.slice(prefix.length)))) continue;
    if (isLive(pid)) found.push(pid);
  }
  return found;
}
