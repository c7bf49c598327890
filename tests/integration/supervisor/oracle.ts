// The test oracle for "nothing left": the real process table and the real cgroup hierarchies.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export { isLive, liveTagged } from '../../support/process-table.js';


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

export const fixture = (name: string): string => new URL(`../../fixtures/supervisor/${name}`, import.meta.url).pathname;
