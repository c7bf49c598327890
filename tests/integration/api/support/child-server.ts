// Starts a server script in a child process and reads the port (or URL) it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';

export interface ChildServer {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident set size and its peak so far, bytes (/proc/<pid>/status VmRSS, VmHWM). */
  memory(): Promise<{ rss: number; peak: number }>;
}

export async function startChildServer(script: string, args: string[], env: Record<string, string>): Promise<ChildServer> {
  const { NODE_EXTRA_CA_CERTS: _skip, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  const lines = createInterface({ input: child.stdout! });
  let port = 0;
  for await (const line of lines) {
    const match = /(?:port |:)(\d+)\/?/.exec(line);
    if (match) {
      port = Number(match[1]);
      break;
    }
  }
  child.stdout!.resume();
  if (!port) throw new Error(`Server ${script} exited without printing its port`);
  return {
    child,
    port,
    exited,
    async memory() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
      return { rss: kib('VmRSS'), peak: kib('VmHWM') };
    },
  };
}
