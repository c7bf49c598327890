// Runs the real `forkscope` command (apps/api/bin/forkscope.mjs) as a subprocess.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../apps/api/bin/forkscope.mjs', import.meta.url));

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `forkscope …args` in its own process group (as a shell starts a foreground job). */
export function startForkscope(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): { child: ChildProcess; done: Promise<CommandResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_EXTRA_CA_CERTS: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CommandResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function forkscope(args: readonly string[], env?: NodeJS.ProcessEnv, options?: Pick<SpawnOptions, 'uid' | 'gid'>): Promise<CommandResult> {
  return startForkscope(args, env, options).done;
}
