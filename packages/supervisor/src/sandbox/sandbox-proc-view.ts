// The sandbox's processes as the sandbox numbers them. Inside its own pid namespace a process's pid (what
// os.getpid() returns, what the tracer reports, what the reaper reports) is not its host pid, while cgroup.procs
// lists host pids. The run's timeline keeps one pid per process, the sandbox's: it is the pid the learner's program
// prints and the one its own parent waits for (the run's reaper is pid 1, the program's main process pid 2). So the
// kernel sampler reads the sandbox's own procfs — the one mounted at /proc inside, seen from the host through its
// pid 1: /proc/<host pid of the reaper>/root/proc — where pids and ppids are already the sandbox's.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { ContainmentUnit } from '../containment/unit.js';
import { readStat } from '../proc-table.js';
import { SANDBOX_REAPER } from './sandbox-command.js';

/** The reaper's name in /proc: the file bwrap executes as pid 1 (`comm` keeps 15 characters). */
const REAPER_COMM = basename(SANDBOX_REAPER).slice(0, 15);

/** Where no /proc entry is: the view before the sandbox's pid 1 is known, and after it is gone. */
const NOWHERE = '/proc/0';

export class SandboxProcView {
  private init: { pid: number; startTime: number } | null = null;
  private gone = false;

  /** `launcherPid`: the host pid of bwrap, the supervisor's child, whose only child is the sandbox's pid 1. */
  constructor(
    private readonly unit: Pick<ContainmentUnit, 'pids'>,
    private readonly launcherPid: number,
  ) {}

  /** The sandbox's procfs, seen from the host; a path with no entries until pid 1 is found or once it is gone. */
  get procRoot(): string {
    return this.current() === null ? NOWHERE : `/proc/${(this.init as { pid: number }).pid}/root/proc`;
  }

  /** Pids of the sandbox's processes, numbered as inside. */
  pids(): number[] {
    const init = this.current();
    if (init === null) return [];
    let names: string[];
    try {
      names = readdirSync(`/proc/${init.pid}/root/proc`);
    } catch {
      return [];
    }
    const pids: number[] = [];
    for (const name of names) {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid > 0) pids.push(pid);
    }
    return pids;
  }

  /**
   * The host pid of the sandbox's pid 1, checked against its start time every time: once it is gone its host pid
   * may be reused by a process outside, whose /proc/<pid>/root would be the host's.
   */
  private current(): { pid: number; startTime: number } | null {
    if (this.gone) return null;
    if (this.init === null) {
      for (const pid of this.unit.pids()) {
        const stat = readStat(pid);
        // bwrap's child becomes the reaper only once the sandbox's mounts are made: before that exec, its root
        // (and /proc) are still the host's.
        if (stat && stat.ppid === this.launcherPid && stat.state !== 'Z' && stat.comm === REAPER_COMM) {
          this.init = { pid, startTime: stat.startTime };
          break;
        }
      }
      return this.init;
    }
    const stat = readStat(this.init.pid);
    if (!stat || stat.startTime !== this.init.startTime || stat.state === 'Z') {
      this.gone = true;
      return null;
    }
    return this.init;
  }
}
