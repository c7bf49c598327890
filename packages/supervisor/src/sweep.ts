// Start-up sweep: kills and removes units (cgroups, run directories, tagged processes) left by servers that died.
import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readProcs, writeCgroupFile } from './containment/cgroup-files.js';
import { findTaggedProcesses, isAlive, readEnvVar } from './proc-table.js';

const UNIT_NAME = /^forkscope-(\d+)-(.+)$/;

export interface SweepReport {
  /** Unit directories (cgroups and run dirs) removed. */
  units: number;
  /** Processes killed. */
  killed: number;
  /** Unit directories that could not be removed. */
  failed: string[];
}

function deadOwner(name: string): boolean {
  const match = UNIT_NAME.exec(name);
  if (!match) return false;
  const owner = Number(match[1]);
  return owner !== process.pid && !isAlive(owner);
}

function listDead(root: string): string[] {
  try {
    return readdirSync(root)
      .filter(deadOwner)
      .map((name) => join(root, name));
  } catch {
    return [];
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills everything in dead servers' units under `cgroupRoots`, removes the units and their run directories. */
export async function sweepLeftovers(cgroupRoots: readonly string[], tmpDir: string): Promise<SweepReport> {
  const report: SweepReport = { units: 0, killed: 0, failed: [] };
  const cgroups = cgroupRoots.flatMap(listDead);
  const killed = new Set<number>();
  for (const dir of cgroups) {
    const pids = readProcs(join(dir, 'cgroup.procs'));
    for (const pid of pids) killed.add(pid);
    if (!writeCgroupFile(join(dir, 'cgroup.kill'), '1')) {
      // A v1 hierarchy has no cgroup.kill: its members are also in the v2 unit, but kill them directly too.
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }
  // Process-group runs of a dead server have no cgroup: their run directories name them, their tag finds them.
  const cgroupRuns = new Set(cgroups.map((dir) => UNIT_NAME.exec(basename(dir))?.[2]));
  const groupRuns = new Set(listDead(tmpDir).map((dir) => UNIT_NAME.exec(basename(dir))?.[2]).filter((id) => id && !cgroupRuns.has(id)));
  if (groupRuns.size > 0) {
    for (const stat of findTaggedProcesses((id) => groupRuns.has(id))) {
      const runDir = readEnvVar(stat.pid, 'FORKSCOPE_RUN_DIR');
      if (!runDir || !deadOwner(basename(runDir))) continue;
      try {
        process.kill(stat.pid, 'SIGKILL');
        killed.add(stat.pid);
      } catch {
        // gone
      }
    }
  }
  report.killed = killed.size;
  // v1 hierarchies keep a killed task until it is reaped, and init reaps orphans lazily: retry for a while.
  const deadline = Date.now() + 5000;
  let remaining = cgroups;
  while (remaining.length > 0) {
    remaining = remaining.filter((dir) => {
      try {
        rmdirSync(dir);
        report.units++;
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code !== 'ENOENT';
      }
    });
    if (remaining.length === 0 || Date.now() > deadline) break;
    await pause(10);
  }
  report.failed.push(...remaining);
  for (const dir of listDead(tmpDir)) {
    rmSync(dir, { recursive: true, force: true });
    report.units++;
  }
  return report;
}
