// Containment by one cgroup per run: the root joins it before exec, so every descendant is born inside;
// ending is `cgroup.kill` (recursive, race-free against forks), limits come from the pids/memory controllers.
import { mkdirSync, rmdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunLimits } from '@forkscope/protocol';
import type { CgroupLayout } from '../detect-containment.js';
import { SupervisorError } from '../errors.js';
import { readCgroupFile, readKeyedCounter, readProcs, writeCgroupFile } from './cgroup-files.js';
import type { ContainmentFactory, ContainmentUnit, UnitLaunch } from './unit.js';
import { wrapperArgv } from './wrapper.js';

class CgroupUnit implements ContainmentUnit {
  readonly kind = 'cgroup' as const;
  private readonly dir: string;
  /** Every directory of the unit, v1 controllers first so a fork is counted before it can happen. */
  private readonly dirs: string[];
  private readonly pidsDir: string | null;
  private readonly memoryDir: string | null;
  private readonly cpuDir: string | null;
  private rootPid = 0;

  constructor(
    readonly name: string,
    private readonly layout: CgroupLayout,
    limits: RunLimits,
  ) {
    this.dir = join(layout.v2Root, name);
    this.pidsDir = layout.pids ? join(layout.pids.root, name) : null;
    this.memoryDir = layout.memory ? join(layout.memory.root, name) : null;
    this.cpuDir = layout.cpu ? join(layout.cpu.root, name) : null;
    this.dirs = [...new Set([this.pidsDir, this.memoryDir, this.cpuDir, this.dir].filter((d): d is string => d !== null))];
    for (const dir of this.dirs) {
      try {
        mkdirSync(dir);
      } catch (error) {
        this.remove();
        throw new SupervisorError('ERR_CGROUP', `Could not create the cgroup ${dir}: ${(error as Error).message}`, { cause: error });
      }
    }
    this.applyLimits(limits);
  }

  private applyLimits(limits: RunLimits): void {
    const { pids, memory, cpu } = this.layout;
    if (cpu && this.cpuDir) {
      // At most all cores but one: whatever a run does, the server keeps a core to answer on.
      const period = 100_000;
      const quota = Math.max(1, availableParallelism() - 1) * period;
      // Half the default weight: under contention the server (and other runs' viewers) come first.
      if (cpu.version === 1) {
        writeCgroupFile(join(this.cpuDir, 'cpu.cfs_period_us'), String(period));
        writeCgroupFile(join(this.cpuDir, 'cpu.cfs_quota_us'), String(quota));
        writeCgroupFile(join(this.cpuDir, 'cpu.shares'), '512');
      } else {
        writeCgroupFile(join(this.cpuDir, 'cpu.max'), `${quota} ${period}`);
        writeCgroupFile(join(this.cpuDir, 'cpu.weight'), '50');
      }
    }
    if (pids && this.pidsDir) writeCgroupFile(join(this.pidsDir, 'pids.max'), String(limits.tasks));
    if (memory && this.memoryDir && limits.memoryBytes !== null) {
      const bytes = String(limits.memoryBytes);
      if (memory.version === 1) {
        writeCgroupFile(join(this.memoryDir, 'memory.limit_in_bytes'), bytes);
        // memsw (memory + swap) must be >= the memory limit, so it is set second; absent without swap accounting.
        writeCgroupFile(join(this.memoryDir, 'memory.memsw.limit_in_bytes'), bytes);
      } else {
        writeCgroupFile(join(this.memoryDir, 'memory.max'), bytes);
        writeCgroupFile(join(this.memoryDir, 'memory.swap.max'), '0');
      }
    }
  }

  launch(argv: string[], cpuSeconds: number): UnitLaunch {
    return { argv: wrapperArgv(argv, cpuSeconds, this.dirs.map((d) => join(d, 'cgroup.procs'))), detached: false };
  }

  adopt(rootPid: number): void {
    this.rootPid = rootPid;
  }

  pids(): number[] {
    return readProcs(join(this.dir, 'cgroup.procs'));
  }

  isEmpty(): boolean {
    const events = readCgroupFile(join(this.dir, 'cgroup.events'));
    return events === null || /^populated 0$/m.test(events);
  }

  signalAll(signal: NodeJS.Signals): void {
    // The root may not have joined yet (a cancel within the first milliseconds): signal it by pid too.
    const pids = new Set(this.pids());
    if (this.rootPid) pids.add(this.rootPid);
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }

  killAll(): void {
    writeCgroupFile(join(this.dir, 'cgroup.kill'), '1');
    if (this.rootPid) {
      try {
        process.kill(this.rootPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  limitHit(): string | null {
    const { pids, memory } = this.layout;
    if (pids && this.pidsDir && readKeyedCounter(join(this.pidsDir, 'pids.events'), 'max') > 0) return 'tasks';
    if (memory && this.memoryDir) {
      // Reaching the limit counts, not only an OOM kill: without swap the kernel first thrashes the run's page
      // cache for seconds before it kills, and a run sized with 2× headroom never gets there.
      if (memory.version === 1) {
        const failures = Number(readCgroupFile(join(this.memoryDir, 'memory.failcnt')) ?? 0);
        if (failures > 0 || readKeyedCounter(join(this.memoryDir, 'memory.oom_control'), 'oom_kill') > 0) return 'memory';
      } else {
        const events = join(this.memoryDir, 'memory.events');
        if (readKeyedCounter(events, 'max') > 0 || readKeyedCounter(events, 'oom_kill') > 0) return 'memory';
      }
    }
    return null;
  }

  remove(): boolean {
    let removed = true;
    for (const dir of this.dirs) {
      try {
        rmdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') removed = false;
      }
    }
    return removed;
  }
}

export function createCgroupContainment(layout: CgroupLayout): ContainmentFactory {
  const warnings: string[] = [];
  if (!layout.pids) warnings.push('No pids controller: the number of tasks of a run is not limited.');
  if (!layout.memory) warnings.push('No memory controller: the memory of a run is not limited.');
  const roots = [...new Set([layout.v2Root, layout.pids?.root, layout.memory?.root, layout.cpu?.root].filter((r): r is string => !!r))];
  return {
    kind: 'cgroup',
    warnings,
    hasMemoryLimit: layout.memory !== null,
    hasTaskLimit: layout.pids !== null,
    roots,
    create: ({ name }, limits) => new CgroupUnit(name, layout, limits),
  };
}
