// Fallback containment where cgroups are not writable: the root leads a new session and process group;
// members are found by pgid/sid, by descent from known members, and by the FORKSCOPE_RUN tag in /proc.
// A process that calls setsid *and* clears its environment escapes: the run says so in its warnings.
import type { RunLimits } from '@forkscope/protocol';
import { findTaggedProcesses, listPids, readStat } from '../proc-table.js';
import type { ContainmentFactory, ContainmentUnit, UnitLaunch } from './unit.js';
import { wrapperArgv } from './wrapper.js';

const SCAN_INTERVAL_MS = 50;

class ProcessGroupUnit implements ContainmentUnit {
  readonly kind = 'process-group' as const;
  private rootPid = 0;
  private readonly known = new Set<number>();
  private lastScan = 0;

  constructor(
    readonly name: string,
    private readonly runId: string,
  ) {}

  launch(argv: string[], cpuSeconds: number): UnitLaunch {
    return { argv: wrapperArgv(argv, cpuSeconds, []), detached: true };
  }

  adopt(rootPid: number): void {
    this.rootPid = rootPid;
    this.known.add(rootPid);
  }

  /** Adds every process of the session, the group, or descended from a known member. */
  private scan(force = false): void {
    const now = Date.now();
    if (!this.rootPid || (!force && now - this.lastScan < SCAN_INTERVAL_MS)) return;
    this.lastScan = now;
    for (const pid of listPids()) {
      if (this.known.has(pid)) continue;
      const stat = readStat(pid);
      if (!stat) continue;
      if (stat.pgid === this.rootPid || stat.sid === this.rootPid || this.known.has(stat.ppid)) this.known.add(pid);
    }
    for (const pid of this.known) if (!readStat(pid)) this.known.delete(pid);
  }

  pids(): number[] {
    this.scan();
    return [...this.known];
  }

  private live(): number[] {
    this.scan(true);
    const pids = new Set<number>();
    for (const pid of this.known) {
      const stat = readStat(pid);
      if (stat && stat.state !== 'Z') pids.add(pid);
    }
    for (const stat of findTaggedProcesses(this.runId)) pids.add(stat.pid);
    return [...pids];
  }

  isEmpty(): boolean {
    return this.live().length === 0;
  }

  signalAll(signal: NodeJS.Signals): void {
    if (this.rootPid) {
      try {
        process.kill(-this.rootPid, signal);
      } catch {
        // the group is empty
      }
    }
    for (const pid of this.live()) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }

  killAll(): void {
    this.signalAll('SIGKILL');
  }

  limitHit(): string | null {
    return null;
  }

  remove(): boolean {
    return true;
  }
}

export function createProcessGroupContainment(reason: string): ContainmentFactory {
  return {
    kind: 'process-group',
    warnings: [
      `Contained by a process group (${reason}): a process that calls setsid and clears its environment can escape; tasks and memory are not limited.`,
    ],
    hasMemoryLimit: false,
    hasTaskLimit: false,
    roots: [],
    create: ({ name, runId }, _limits: RunLimits) => new ProcessGroupUnit(name, runId),
  };
}
