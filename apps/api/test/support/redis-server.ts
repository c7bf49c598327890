// A real redis-server (Debian's) for tests and benchmarks: on a free loopback port, without persistence
// (no RDB, no AOF: a restart loses everything, as the failure tests want), in a temporary folder, stopped
// afterwards. `restart()` kills it and starts a new, empty one on the same port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Kills it (SIGKILL) and starts an empty one on the same port; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Kills it (SIGKILL); `start()` brings an empty one back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Runs redis-cli against it and returns its output (for assertions that do not go through forkscope). */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

/** Whether Debian's redis-server is installed (`.ci/run` installs it). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function startRedisServer(): Promise<RedisServer> {
  if (!hasRedisServer()) throw new Error('redis-server is not installed: the cluster tests start their own (Debian: apt-get install -y redis-server; .ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice', '--logfile', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    const output: string[] = [];
    const lines = createInterface({ input: started.stdout! });
    started.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        output.push(line);
        if (/Ready to accept connections/.test(line)) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before accepting connections: ${output.join('\n').slice(-500)}`)));
    });
    started.stdout!.resume();
  }

  async function kill(): Promise<void> {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? 0;
    },
    start,
    kill,
    async restart() {
      await kill();
      await start();
    },
    cli(...args) {
      return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
    },
    async stop() {
      const current = child;
      child = null;
      if (current && current.exitCode === null && current.signalCode === null) {
        const exited = once(current, 'exit');
        current.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
