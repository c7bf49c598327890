// The argv that starts a program inside the sandbox: `unshare` (a private mount namespace) → the stage script
// (root: the run's tmpfs and read-only binds) → `setpriv` (the sandbox's unprivileged uid, no new privileges) →
// `bwrap` (new user, pid, ipc, uts, net and cgroup namespaces; loopback only; a new session; dies with its
// parent) → the run's reaper as the sandbox's pid 1 → the program. The cgroup wrapper runs before all of it.
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SHM_BYTES, WORK_DIR_BYTES } from './edit-limits.js';
import { STAGE_SCRIPT } from './stage-script.js';

/** Programs the sandbox is made with, found at start (detect-sandbox.ts). */
export interface SandboxTools {
  unshare: string;
  setpriv: string;
  bwrap: string;
}

/** Where things are inside the sandbox. */
export const SANDBOX_WORK = '/work';
export const SANDBOX_REAPER = '/forkscope/reaper';
/** The uid and gid the program has inside (mapped to the sandbox's host uid). */
export const INNER_ID = 1000;

export interface SandboxSpec {
  tools: SandboxTools;
  /** An empty, world-traversable directory: the mount point of each run's private tmpfs. */
  mountPoint: string;
  /** Host uid and gid the sandbox runs as (unprivileged). */
  uid: number;
  gid: number;
  /** Whether the kernel has `nosymfollow` (Linux 5.10). */
  nosymfollow: boolean;
  /** Host paths bound read-only at `target` inside (files or directories). */
  readOnly: Array<{ source: string; target: string }>;
  /** The run's input socket on the host, bound at /work/input.sock; null: none. */
  inputSocket: string | null;
  /** Host directories bound read-only at the same path, beside /usr (an interpreter installed elsewhere). */
  runtimeDirs: readonly string[];
  /** The program's whole environment inside. */
  env: Record<string, string>;
  /** What the reaper starts, in sandbox paths. */
  argv: string[];
  /** The fd on which the reaper reports (it crosses into the sandbox). */
  reaperFd: number;
}

/** tmpfs options of the run's work directory. */
export function workDirOptions(nosymfollow: boolean): string {
  return `size=${WORK_DIR_BYTES},nr_inodes=4096,mode=0755,nosuid,nodev,noexec${nosymfollow ? ',nosymfollow' : ''}`;
}

/** The host's top-level directories that are links into /usr (merged /usr) or directories of their own. */
function rootEntries(): string[] {
  const args: string[] = [];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const path = `/${name}`;
    try {
      if (lstatSync(path).isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
      else args.push('--ro-bind', path, path);
    } catch {
      // not on this host
    }
  }
  return args;
}

const ROOT_ENTRIES = rootEntries();

/** The full argv (to be wrapped by the containment unit's wrapper). */
export function sandboxArgv(spec: SandboxSpec): string[] {
  const { tools, mountPoint: mnt } = spec;
  const bwrap = [
    tools.bwrap,
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--uid', String(INNER_ID),
    '--gid', String(INNER_ID),
    '--hostname', 'forkscope',
    '--ro-bind', '/usr', '/usr',
    ...ROOT_ENTRIES,
    ...spec.runtimeDirs.flatMap((dir) => ['--ro-bind', dir, dir]),
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm',
    '--ro-bind', join(mnt, 'etc'), '/etc',
    '--bind', join(mnt, 'work'), SANDBOX_WORK,
    ...spec.readOnly.flatMap(({ target }, i) => ['--ro-bind', join(mnt, 'ro', String(i)), target]),
    '--chdir', SANDBOX_WORK,
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--clearenv',
    ...Object.entries(spec.env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--',
    SANDBOX_REAPER,
    String(spec.reaperFd),
    ...spec.argv,
  ];
  const setpriv = [tools.setpriv, `--reuid=${spec.uid}`, `--regid=${spec.gid}`, '--clear-groups', '--no-new-privs'];
  const stage = [
    '/bin/sh', '-c', STAGE_SCRIPT, 'forkscope-sandbox',
    mnt, String(spec.uid), String(spec.gid), workDirOptions(spec.nosymfollow), spec.inputSocket ?? '', String(spec.readOnly.length),
    ...spec.readOnly.map(({ source }) => source),
  ];
  return [tools.unshare, '--mount', '--propagation', 'private', '--', ...stage, ...setpriv, ...bwrap];
}
