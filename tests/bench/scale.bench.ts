// Many machines: what going through Redis costs and what a second worker buys, against the embedded single
// process measured in the same run. Three set-ups, every member a process of its own: the embedded server
// (4 runs at once); one API node + Redis + one worker (capacity 4); the same with two workers (4 each).
//
// - event latency: a child's write (stamped with CLOCK_MONOTONIC) → the event at a WebSocket client;
// - runs per second: a burst of runs that exit at once, from 20 connections, until the last has ended;
// - per-worker cost: a worker's memory when idle, and the CPU each process spends per run (its own time,
//   not the run's processes'), Redis included.
//
// On a machine with two cores the second worker cannot add CPU: all three set-ups share the same two
// cores, so the figure that matters there is the cost per run; the gain of a second worker shows on a
// second machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { ServerMessage } from '@forkscope/protocol';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { pct, pingerLatencies } from './support/pinger.js';

const MEMBER = fileURLToPath(new URL('./support/scale-member.ts', import.meta.url));
const BURST = 60;
const CONNECTIONS = 20;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS = 100;

const ms = (us: number): string => (us / 1000).toFixed(2);

interface Member {
  child: ChildProcess;
  line: string;
}

async function startMember(env: Record<string, string>): Promise<Member> {
  const { NODE_EXTRA_CA_CERTS: _skip, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MEMBER], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    child.stdout!.resume();
    return { child, line };
  }
  throw new Error(`${env.ROLE} exited before it was ready`);
}

async function stopMember(member: Member): Promise<void> {
  if (member.child.exitCode !== null) return;
  const exited = once(member.child, 'exit');
  member.child.kill('SIGTERM');
  await exited;
}

/** CPU seconds a process has spent itself (utime + stime, not its children's). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

function redisCpuSeconds(redis: RedisServer): number {
  const info = redis.cli('INFO', 'cpu');
  const value = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return value('used_cpu_sys') + value('used_cpu_user');
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  return ws;
}


/** A burst of BURST quick runs from CONNECTIONS connections (two each at a time); runs per second until the last ended. */
async function throughput(url: string): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => open(url)));
  const start = performance.now();
  let next = 0;
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve, reject) => {
          let going = 0;
          const ask = (): void => {
            if (next >= BURST) {
              if (going === 0) resolve();
              return;
            }
            next++;
            going++;
            ws.send(JSON.stringify({ type: 'run', scenario: 'quick' }));
          };
          ws.on('message', (data) => {
            const m = JSON.parse(data.toString()) as ServerMessage;
            if (m.type === 'error') reject(new Error(`${m.code}: ${m.message}`));
            if (m.type === 'events' && m.events.some((e) => e.type === 'run.ended')) {
              going--;
              ask();
            }
          });
          ask();
          ask();
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const ws of sockets) ws.close();
  return BURST / seconds;
}

interface Figures {
  name: string;
  p50: number;
  p99: number;
  runsPerSecond: number;
  cpuPerRunMs: Record<string, number>;
  idleRss: Record<string, number>;
}

async function measure(name: string, server: Member, others: { label: string; pid: number }[], redis: RedisServer | null): Promise<Figures> {
  const url = `ws://127.0.0.1:${/^port (\d+)/.exec(server.line)![1]}/ws`;
  const members = [{ label: redis ? 'API node' : 'server', pid: server.child.pid! }, ...others];
  const idleRss = Object.fromEntries(members.map((m) => [m.label, rssMiB(m.pid)]));
  await pingerLatencies(url); // warm-up: the first run pays for loading the driver
  const latencies = await pingerLatencies(url);
  const before = members.map((m) => cpuSeconds(m.pid));
  const redisBefore = redis ? redisCpuSeconds(redis) : 0;
  const runsPerSecond = await throughput(url);
  const cpuPerRunMs: Record<string, number> = {};
  members.forEach((m, i) => (cpuPerRunMs[m.label] = ((cpuSeconds(m.pid) - before[i]!) * 1000) / BURST));
  if (redis) cpuPerRunMs.redis = ((redisCpuSeconds(redis) - redisBefore) * 1000) / BURST;
  return { name, p50: pct(latencies, 50), p99: pct(latencies, 99), runsPerSecond, cpuPerRunMs, idleRss };
}

export default async function (): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-bench-scale-'));
  const results: Figures[] = [];
  let redis: RedisServer | null = null;
  const members: Member[] = [];
  try {
    const embedded = await startMember({ ROLE: 'embedded', FORKSCOPE_DATA: dataDir, MAX_RUNNING: '4' });
    members.push(embedded);
    results.push(await measure('embedded (one process, 4 at once)', embedded, [], null));
    await stopMember(embedded);

    redis = await startRedisServer();
    const env = { FORKSCOPE_DATA: dataDir, FORKSCOPE_REDIS: redis.url };
    const api = await startMember({ ...env, ROLE: 'api' });
    const first = await startMember({ ...env, ROLE: 'worker', CAPACITY: '4' });
    members.push(api, first);
    results.push(await measure('Redis, 1 API node + 1 worker (4)', api, [{ label: 'worker 1', pid: first.child.pid! }], redis));
    const second = await startMember({ ...env, ROLE: 'worker', CAPACITY: '4' });
    members.push(second);
    results.push(
      await measure('Redis, 1 API node + 2 workers (4 + 4)', api, [
        { label: 'worker 1', pid: first.child.pid! },
        { label: 'worker 2', pid: second.child.pid! },
      ], redis),
    );
  } finally {
    await Promise.all(members.map(stopMember));
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const base = results[0]!;
  console.log(`${cpus().length} cores; a burst of ${BURST} runs that exit at once from ${CONNECTIONS} connections; latency: a child writing every 15 ms`);
  for (const r of results) {
    console.log(`\n${r.name}`);
    console.log(`  child write → ws event: p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms  (×${(r.p50 / base.p50).toFixed(2)}, ×${(r.p99 / base.p99).toFixed(2)} of embedded)`);
    console.log(`  runs per second: ${r.runsPerSecond.toFixed(1)}  (×${(r.runsPerSecond / base.runsPerSecond).toFixed(2)} of embedded)`);
    const cpu = Object.entries(r.cpuPerRunMs).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    const total = Object.values(r.cpuPerRunMs).reduce((a, b) => a + b, 0);
    const baseTotal = Object.values(base.cpuPerRunMs).reduce((a, b) => a + b, 0);
    console.log(`  CPU per run, ms of each process's own time: ${cpu.join(', ')}; total ${total.toFixed(1)} (×${(total / baseTotal).toFixed(2)} of embedded)`);
    console.log(`  memory when idle: ${Object.entries(r.idleRss).map(([k, v]) => `${k} ${v.toFixed(0)} MiB`).join(', ')}`);
  }
  const one = results[1]!;
  const two = results[2]!;
  console.log(`\nsecond worker: runs per second ×${(two.runsPerSecond / one.runsPerSecond).toFixed(2)} of one worker.`);
  console.log(
    cpus().length <= 2
      ? `On ${cpus().length} cores the workers share the same CPUs, so a second worker adds slots, not CPU: the absolute gain is capped here, and a worker's cost per run (above) is what scales — each extra machine adds its cores.`
      : 'Workers here share one machine; on separate machines each adds its own cores.',
  );
}
