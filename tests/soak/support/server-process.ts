// A real forkscope server in its own process for the soak (tests/integration/api/support/real-server.ts),
// with its own temp data folder; its memory read from /proc, its death observable.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../integration/api/support/real-server.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  /** Resident set size, bytes. */
  rss(): number;
  /** CPU time the server has used so far (user + system), seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-soak-'));
  const { NODE_EXTRA_CA_CERTS: _skip, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    env: { ...inherited, FORKSCOPE_DATA: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let port = 0;
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^port (\d+)$/.exec(line);
    if (match) {
      port = Number(match[1]);
      break;
    }
  }
  child.stdout!.resume();
  if (!port) throw new Error('The soak server exited without printing its port');
  return {
    child,
    port,
    dataDir,
    rss: () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime, in clock ticks.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
