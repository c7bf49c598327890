// Whether edited programs can run here, and why not: found once at start, by checking what the sandbox needs and
// then starting one (a probe that must find /work writable, / read-only, and no /root or /home). The server says
// the result at start; without a working sandbox it refuses edited runs with this reason while lessons still run.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../find-executable.js';
import { sandboxArgv, SANDBOX_REAPER, type SandboxTools } from './sandbox-command.js';

export type SandboxStatus =
  | { ok: true; tools: SandboxTools; mountPoint: string; uid: number; gid: number; nosymfollow: boolean }
  | { ok: false; reason: string };

export interface SandboxRequirements {
  /** The supervisor's containment: edited runs need a cgroup with both the pids and the memory controller. */
  containment: { kind: string; hasTaskLimit: boolean; hasMemoryLimit: boolean };
  /** The built run reaper (the sandbox's pid 1), or null. */
  reaper: string | null;
  /** Where run directories live; the sandbox's mount point is made there. */
  runsDir: string;
  uid: number;
  gid: number;
}

const TOOL_PATH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')].join(':');
const PROBE_MS = 15_000;

/** Checks the host, then starts a probe sandbox. Never throws: a missing piece is a reason. */
export async function detectSandbox(req: SandboxRequirements): Promise<SandboxStatus> {
  if (process.platform !== 'linux') return { ok: false, reason: `edited programs run in a Linux sandbox; this is ${process.platform}` };
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'edited programs need the server to run as root (it mounts each sandbox and drops it to an unprivileged uid)' };
  }
  const { containment } = req;
  if (containment.kind !== 'cgroup' || !containment.hasTaskLimit || !containment.hasMemoryLimit) {
    return { ok: false, reason: 'edited programs need a cgroup per run with the pids and memory controllers; this server has none' };
  }
  if (!req.reaper) return { ok: false, reason: 'edited programs need the run reaper (built at install with a C compiler)' };
  const bwrap = findExecutable('bwrap', TOOL_PATH);
  if (!bwrap) return { ok: false, reason: 'bubblewrap is not installed (Debian: apt-get install bubblewrap)' };
  const unshare = findExecutable('unshare', TOOL_PATH);
  const setpriv = findExecutable('setpriv', TOOL_PATH);
  const mount = findExecutable('mount', TOOL_PATH);
  if (!unshare || !setpriv || !mount) return { ok: false, reason: 'util-linux (unshare, setpriv, mount) is missing' };
  const mountPoint = join(req.runsDir, '.sandbox');
  try {
    mkdirSync(mountPoint, { recursive: true });
    chmodSync(req.runsDir, 0o755);
    chmodSync(mountPoint, 0o755);
  } catch (error) {
    return { ok: false, reason: `cannot make the sandbox's mount point ${mountPoint}: ${(error as Error).message}` };
  }
  const tools = { bwrap, unshare, setpriv };
  const base = { tools, mountPoint, uid: req.uid, gid: req.gid };
  const first = await probe(base, req.reaper, true);
  if (first === null) return { ok: true, ...base, nosymfollow: true };
  // Linux before 5.10 has no nosymfollow: the same sandbox without it (a symlink planted in /work can only
  // point at what the sandbox shows anyway).
  if ((await probe(base, req.reaper, false)) === null) return { ok: true, ...base, nosymfollow: false };
  return { ok: false, reason: `bubblewrap could not start a sandbox: ${first}` };
}

/** Starts a sandbox that checks its own walls; null when it ran and they hold, else what went wrong. */
function probe(base: { tools: SandboxTools; mountPoint: string; uid: number; gid: number }, reaper: string, nosymfollow: boolean): Promise<string | null> {
  const argv = sandboxArgv({
    ...base,
    nosymfollow,
    readOnly: [{ source: reaper, target: SANDBOX_REAPER }],
    inputSocket: null,
    runtimeDirs: [],
    env: { PATH: '/usr/bin:/bin' },
    argv: ['/bin/sh', '-c', 'test -w /work && ! test -w / && ! test -e /root && ! test -e /home && test "$(id -u)" = 1000'],
    reaperFd: 3,
  });
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { PATH: TOOL_PATH } });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    (child.stdio[3] as Readable | null)?.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(null);
      else resolve(stderr.trim().split('\n').pop() || (signal ? `the probe was killed by ${signal}` : `the probe exited with ${String(code)}`));
    });
  });
}
