// Starts tests/fixtures/supervisor/server.mts (a supervisor with 3 live runs in its own process) for the
// server-death tests and the soak.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fixture } from './oracle.js';

export interface ServerInfo {
  pid: number;
  watchdogPid: number;
  runs: Array<{ id: string; rootPid: number }>;
}

/** Starts the server fixture with `runs` live runs and resolves once every run's tree is up. */
export async function startServer(runs = 3): Promise<ServerInfo> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture('server.mts'), String(runs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`The server fixture exited with code ${code} before it was ready`)));
  });
  lines.close();
  child.stdout!.destroy();
  return JSON.parse(first) as ServerInfo;
}

/** Run directories a server left behind. */
export function runDirs(serverPid: number): string[] {
  try {
    return readdirSync(join(tmpdir(), 'forkscope-runs')).filter((name) => name.startsWith(`forkscope-${serverPid}-`));
  } catch {
    return [];
  }
}
