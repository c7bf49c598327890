// A forkscope cluster on loopback for tests: a real redis-server (free port, no persistence), API nodes and
// lesson workers, each in its own process so that a test can kill any of them, all sharing one temporary
// data directory. `stop()` ends every process it started (SIGTERM, then SIGKILL) and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClusterTimings } from '@forkscope/api/cluster';
import { startRedisServer, type RedisServer } from '../../../support/redis-server.js';

const script = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

export interface Member {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (the default) or SIGTERM; resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ApiNode extends Member {
  readonly port: number;
  readonly wsUrl: string;
  readonly base: string;
}

export interface WorkerNode extends Member {
  readonly id: string;
  readonly watchdogPid: number;
}

export interface ClusterSetup {
  timings?: Partial<ClusterTimings>;
  /** Per worker. Default 2. */
  capacity?: number;
  maxQueued?: number;
  graceMs?: number;
}

export interface TestCluster {
  readonly redis: RedisServer;
  readonly dataDir: string;
  readonly nodes: ApiNode[];
  readonly workers: WorkerNode[];
  addNode(): Promise<ApiNode>;
  addWorker(capacity?: number): Promise<WorkerNode>;
  stop(): Promise<void>;
}

export async function startCluster(nodes: number, workers: number, setup: ClusterSetup = {}): Promise<TestCluster> {
  const redis = await startRedisServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-cluster-'));
  const members: Member[] = [];
  let counter = 0;
  const { NODE_EXTRA_CA_CERTS: _skip, ...inherited } = process.env;
  const env = {
    ...inherited,
    FORKSCOPE_REDIS: redis.url,
    FORKSCOPE_DATA: dataDir,
    ...(setup.timings ? { CLUSTER_TIMINGS: JSON.stringify(setup.timings) } : {}),
    ...(setup.maxQueued === undefined ? {} : { MAX_QUEUED: String(setup.maxQueued) }),
    ...(setup.graceMs === undefined ? {} : { GRACE_MS: String(setup.graceMs) }),
  };

  async function launch(name: string, extra: Record<string, string>): Promise<{ member: Member; line: string }> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script(name)], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    const member: Member = {
      child,
      pid: child.pid!,
      exited,
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    members.push(member);
    const lines = createInterface({ input: child.stdout! });
    let first = '';
    for await (const line of lines) {
      first = line;
      break;
    }
    child.stdout!.resume();
    if (!first) throw new Error(`${name} exited before it started`);
    return { member, line: first };
  }

  const cluster: TestCluster = {
    redis,
    dataDir,
    nodes: [],
    workers: [],
    async addNode() {
      const { member, line } = await launch('api-node.ts', { NODE_ID: `node-${++counter}` });
      const port = Number(/^port (\d+)/.exec(line)![1]);
      const node: ApiNode = { ...member, port, wsUrl: `ws://127.0.0.1:${port}/ws`, base: `http://127.0.0.1:${port}` };
      cluster.nodes.push(node);
      return node;
    },
    async addWorker(capacity = setup.capacity ?? 2) {
      const { member, line } = await launch('worker-node.ts', { WORKER_ID: `worker-${++counter}`, CAPACITY: String(capacity) });
      const match = /^worker (\S+) pid \d+ watchdog (\d+)/.exec(line)!;
      const worker: WorkerNode = { ...member, id: match[1]!, watchdogPid: Number(match[2]) };
      cluster.workers.push(worker);
      return worker;
    },
    async stop() {
      await Promise.all(
        members.map(async (m) => {
          if (m.child.exitCode !== null || m.child.signalCode !== null) return;
          m.child.kill('SIGTERM');
          const timer = setTimeout(() => m.child.kill('SIGKILL'), 10_000);
          await m.exited;
          clearTimeout(timer);
        }),
      );
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([...Array.from({ length: nodes }, () => cluster.addNode()), ...Array.from({ length: workers }, () => cluster.addWorker())]);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Keys of Redis matching `pattern` (KEYS is fine on a test server). */
export function keys(redis: RedisServer, pattern: string): string[] {
  return redis.cli('--raw', 'KEYS', pattern).split('\n').filter(Boolean);
}
