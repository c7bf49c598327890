// An edited run's launch: the learner's program written (Python) or bundled (TypeScript) into the run's program
// directory by its driver, then everything the program needs given a place inside the sandbox — its directory,
// the python shim, the reaper — and the argv that starts it there.
import { chmodSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { editedProgramProblem } from '@forkscope/protocol';
import type { ProgramDriver } from '../drivers/driver.js';
import { shimDir } from '../drivers/python.js';
import { SupervisorError } from '../errors.js';
import type { SandboxStatus } from './detect-sandbox.js';
import { sandboxArgv, SANDBOX_REAPER } from './sandbox-command.js';
import { sandboxEnv } from './sandbox-env.js';

/** What the learner ran: the text, and the file name its errors show (the lesson's, by default `program`). */
export interface EditedProgram {
  source: string;
  name?: string;
}

const PROGRAM_DIR = '/forkscope/program';
const SHIM_DIR = '/forkscope/shim';

/** Throws the coded error of a program text that may not run (also checked by the server before). */
export function checkEditedProgram(edit: unknown): asserts edit is EditedProgram {
  const source = (edit as { source?: unknown } | null)?.source;
  if (typeof source !== 'string') throw new SupervisorError('ERR_INVALID_OPTION', `Expected \`edit.source\` to be a string, got ${typeof source}`);
  const problem = editedProgramProblem(source);
  if (problem) throw new SupervisorError(problem.code, `Expected \`edit.source\` to be ${problem.message}`);
  const name = (edit as { name?: unknown }).name;
  if (name !== undefined && (typeof name !== 'string' || !/^[\w.-]{1,100}$/.test(name))) {
    throw new SupervisorError('ERR_INVALID_OPTION', `Expected \`edit.name\` to be a file name (letters, digits, \`.\`, \`-\`, \`_\`), got ${JSON.stringify(String(name).slice(0, 40))}`);
  }
}

export interface EditedLaunchRequest {
  edit: EditedProgram;
  driver: ProgramDriver;
  params: Record<string, unknown>;
  runDir: string;
  sandbox: Extract<SandboxStatus, { ok: true }>;
  reaper: string;
  reaperFd: number;
  /** The run's input socket on the host. */
  inputSocket: string;
  /** The run's own variables (FORKSCOPE_RUN, the trace fd, the params). */
  runEnv: Record<string, string>;
}

/** The argv (before the containment wrapper) that runs the edited program in the sandbox. */
export async function editedLaunchArgv(req: EditedLaunchRequest): Promise<string[]> {
  const { driver } = req;
  if (!driver.prepareSource) throw new SupervisorError('ERR_RUN_FAILED', `The ${driver.id} driver cannot run an edited program`);
  const dir = join(req.runDir, 'program');
  mkdirSync(dir, { mode: 0o755 });
  // The sandbox's uid reads it through a bind mount, which keeps these modes (the run directory stays 0700).
  chmodSync(dir, 0o755);
  const name = req.edit.name ?? (driver.id === 'python' ? 'program.py' : 'program.ts');
  const launch = await driver.prepareSource(req.edit.source, dir, name, req.params);
  const places: Array<[string, string]> = [[dir, PROGRAM_DIR]];
  const readOnly = [{ source: dir, target: PROGRAM_DIR }, { source: req.reaper, target: SANDBOX_REAPER }];
  if (driver.id === 'python') {
    const shim = shimDir().replace(/\/$/, '');
    places.push([shim, SHIM_DIR]);
    readOnly.push({ source: shim, target: SHIM_DIR });
  }
  const inside = (value: string): string => {
    for (const [host, target] of places) if (value === host || value.startsWith(`${host}/`)) return target + value.slice(host.length);
    return value;
  };
  const argv = launch.argv.map(inside);
  const env = Object.fromEntries(Object.entries(launch.env).map(([k, v]) => [k, inside(v)]));
  // chmod for the socket: the sandbox's uid connects to it (the run directory around it stays 0700 on the host).
  chmodSync(req.inputSocket, 0o666);
  return sandboxArgv({
    tools: req.sandbox.tools,
    mountPoint: req.sandbox.mountPoint,
    uid: req.sandbox.uid,
    gid: req.sandbox.gid,
    nosymfollow: req.sandbox.nosymfollow,
    readOnly,
    inputSocket: req.inputSocket,
    runtimeDirs: runtimeDirs(argv[0] ?? ''),
    env: sandboxEnv(req.runEnv, env),
    argv,
    reaperFd: req.reaperFd,
  });
}

/** An interpreter outside /usr (a Node installed in /opt, say) is bound read-only with its whole prefix. */
function runtimeDirs(interpreter: string): string[] {
  const dirs = new Set<string>();
  for (const path of [interpreter, safeRealpath(interpreter)]) {
    if (!path.startsWith('/') || path.startsWith('/usr/')) continue;
    const prefix = dirname(dirname(path));
    if (prefix !== '/') dirs.add(prefix);
  }
  return [...dirs];
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
