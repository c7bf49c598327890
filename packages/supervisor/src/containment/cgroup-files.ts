// Small, failure-tolerant reads and writes of cgroup interface files.
import { readFileSync, writeFileSync } from 'node:fs';

/** The file's text, or null when it cannot be read (the cgroup is gone). */
export function readCgroupFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Writes `value`; returns false instead of throwing (a vanished cgroup is not an error while ending). */
export function writeCgroupFile(path: string, value: string): boolean {
  try {
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

/** Pids listed in a `cgroup.procs` file. */
export function readProcs(path: string): number[] {
  const text = readCgroupFile(path);
  if (!text) return [];
  return text.split('\n').filter(Boolean).map(Number);
}

/** A counter from a flat keyed file such as `pids.events` (`max 3`) or `memory.events` (`oom_kill 1`). */
export function readKeyedCounter(path: string, key: string): number {
  const text = readCgroupFile(path);
  if (!text) return 0;
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    if (name === key) return Number(value) || 0;
  }
  return 0;
}
