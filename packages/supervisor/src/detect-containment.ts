// Finds the best containment this host offers: a cgroup v2 directory with cgroup.kill (plus v1 or v2 `pids` and
// `memory` controllers for limits), else a process group with a /proc sweep.
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

export interface CgroupLayout {
  kind: 'cgroup';
  /** A cgroup v2 directory whose children have cgroup.kill and cgroup.events. */
  v2Root: string;
  /** Where the pids controller lives: the v2 root itself, a v1 hierarchy, or nothing. */
  pids: { version: 1 | 2; root: string } | null;
  memory: { version: 1 | 2; root: string } | null;
  /** The cpu controller: a run's processes are scheduled as one group, so a fork bomb cannot starve the server. */
  cpu: { version: 1 | 2; root: string } | null;
}

export interface ProcessGroupLayout {
  kind: 'process-group';
  /** Why cgroups are not used. */
  reason: string;
}

export type ContainmentLayout = CgroupLayout | ProcessGroupLayout;

interface Mount {
  dir: string;
  type: string;
  options: string[];
}

function readMounts(): Mount[] {
  try {
    return readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f.length >= 4)
      .map((f) => ({ dir: (f[1] ?? '').replace(/\\040/g, ' '), type: f[2] ?? '', options: (f[3] ?? '').split(',') }));
  } catch {
    return [];
  }
}

function controllers(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

/** Whether we may create a child directory under `root` (and remove it again). */
function writable(root: string): boolean {
  const probe = join(root, `forkscope-${process.pid}-probe`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Detects the layout; `cgroupRoot` forces a v2 directory (`null`: force the fallback). */
export function detectContainment(cgroupRoot?: string | null): ContainmentLayout {
  if (cgroupRoot === null) return { kind: 'process-group', reason: 'cgroups disabled by the `cgroupRoot: null` option' };
  const mounts = readMounts();
  const v2Mount = mounts.find((m) => m.type === 'cgroup2');
  const v2Root = cgroupRoot ?? v2Mount?.dir;
  if (!v2Root || !existsSync(join(v2Root, 'cgroup.procs'))) {
    return { kind: 'process-group', reason: 'no cgroup v2 hierarchy is mounted' };
  }
  if (!writable(v2Root)) return { kind: 'process-group', reason: `cannot create cgroups under ${v2Root}` };
  const probe = join(v2Root, `forkscope-${process.pid}-kill-probe`);
  let hasKill = false;
  try {
    mkdirSync(probe);
    hasKill = existsSync(join(probe, 'cgroup.kill'));
  } catch {
    // hasKill stays false
  } finally {
    try {
      rmdirSync(probe);
    } catch {
      // already gone
    }
  }
  if (!hasKill) return { kind: 'process-group', reason: 'the kernel lacks cgroup.kill (Linux < 5.14)' };

  const enabled = controllers(v2Root);
  const v1 = (name: string) => mounts.find((m) => m.type === 'cgroup' && m.options.includes(name));
  const pick = (name: string): CgroupLayout['pids'] => {
    if (enabled.includes(name)) return { version: 2, root: v2Root };
    const mount = v1(name);
    if (mount && writable(mount.dir)) return { version: 1, root: mount.dir };
    return null;
  };
  return { kind: 'cgroup', v2Root, pids: pick('pids'), memory: pick('memory'), cpu: pick('cpu') };
}
