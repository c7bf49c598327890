// The test oracle for "nothing left": the real process table and the real cgroup hierarchies.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Live (non-zombie) pids whose environment carries FORKSCOPE_RUN matching `runIds` (all tags if omitted). */
export function liveTagged(runIds?: Iterable<string>): number[] {
  const wanted = runIds ? new Set(runIds) : null;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    let stat: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const tag = environ.split('\0').find((entry) => entry.startsWith('FORKSCOPE_RUN='));
    if (!tag) continue;
    if (wanted && !wanted.has(tag.slice('FORKSCOPE_RUN='.length))) continue;
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state !== 'Z' && state !== 'X') found.push(pid);
  }
  return found;
}

/** Mounted cgroup hierarchies (v2 and v1), where units could be left. */
export function cgroupRoots(): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f[2] === 'cgroup2' || (f[2] === 'cgroup' && /(^|,)(pids|memory)(,|$)/.test(f[3] ?? '')))
    .map((f) => f[1] as string);
}

/** `forkscope-<serverPid>-*` unit directories left in any hierarchy. */
export function unitDirs(serverPid: number): string[] {
  const prefix = `forkscope-${serverPid}-`;
  return cgroupRoots().flatMap((root) => {
    try {
      return readdirSync(root)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(root, name));
    } catch {
      return [];
    }
  });
}

/** Resolves true as soon as `condition()` holds, false after `timeoutMs` (a deadline, never a fixed sleep). */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether a pid is alive (a zombie counts as dead). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export const fixture = (name: string): string => new URL(`../../fixtures/supervisor/${name}`, import.meta.url).pathname;
