// Process library benchmarks, each against a baseline measured in the same run:
// 1. start latency: median time from `start()` to the child's `process.running` record, against a bare
//    child_process.spawn of the same Node binary reaching its first instruction (goal: ratio ≤ 0.5: children
//    start from the root's warm standbys); then, for the record, each position of a burst of start()s in a row
//    (past the standbys, children start the cold way);
// 2. output throughput: one child printing 200k lines with console.log, traced (trace channel records)
//    against untraced (plain stdout pipe) (goal: ratio ≤ 2).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { getDriver } from '@forkscope/supervisor';
import type { TraceRecord } from '@forkscope/protocol';
import { programsDir, runTraced } from '../fixtures/traced-run.js';

const ROUNDS = 30;
const WARMUP_ROUNDS = 2;
const BURSTS = 10;
const BURST = 5;
const FLOOD_LINES = 200_000;
const FLOOD_REPEATS = 3;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function startLatency(): Promise<void> {
  const run = await runTraced('start-latency.ts', {
    params: { n: ROUNDS + WARMUP_ROUNDS, bareChild: join(programsDir, 'bare-child.mjs'), bursts: BURSTS, burst: BURST },
  });
  if (run.exit.exitCode !== 0) throw new Error(`start-latency.ts exited ${run.exit.exitCode}: ${run.rawStderr()}`);
  const samples: Record<'bare' | 'process', number[]> = { bare: [], process: [] };
  let pending: { kind: 'bare' | 'process'; tm: number } | null = null;
  let round = 0;
  let inBursts = false;
  const spawnedAt = new Map<number, number>();
  const burstChildren: number[] = [];
  const burstLatency: number[][] = Array.from({ length: BURST }, () => []);
  for (const record of run.records as TraceRecord[]) {
    if (record.type === 'process.var' && record.name === 'burst') {
      inBursts = true;
      burstChildren.length = 0;
    } else if (inBursts) {
      if (record.type === 'process.spawned') {
        spawnedAt.set(record.pid, record.tm);
        burstChildren.push(record.pid);
      } else if (record.type === 'process.running' && spawnedAt.has(record.pid)) {
        burstLatency[burstChildren.indexOf(record.pid)]?.push((record.tm - spawnedAt.get(record.pid)!) / 1000);
      }
    } else if (record.type === 'process.var' && record.name === 'start') pending = { kind: record.value as 'bare' | 'process', tm: record.tm };
    else if (record.type === 'process.running' && record.pid !== run.rootPid && pending) {
      if (round++ >= WARMUP_ROUNDS * 2) samples[pending.kind].push((record.tm - pending.tm) / 1000);
      pending = null;
    }
  }
  const bare = median(samples.bare);
  const forkscope = median(samples.process);
  console.log(`start → first instruction, median of ${samples.process.length} (alternating with the baseline):`);
  console.log(`  bare spawn of node:        ${bare.toFixed(2)} ms`);
  console.log(`  Process.start() → running: ${forkscope.toFixed(2)} ms (max ${Math.max(...samples.process).toFixed(2)} ms)`);
  console.log(`  ratio: ${(forkscope / bare).toFixed(3)} (goal ≤ 0.5)`);
  const positions = burstLatency.map((l, i) => `#${i + 1} ${median(l).toFixed(1)} ms`).join(', ');
  console.log(`a burst of ${BURST} start()s in a row, start → running by position, median of ${BURSTS} bursts:`);
  console.log(`  ${positions} (ratio of the last: ${(median(burstLatency[BURST - 1]!) / bare).toFixed(2)})`);
}

/** Runs output-flood.ts once; returns the child's own loop wall and CPU time (ms), reported on raw fd 2. */
async function flood(traced: boolean): Promise<{ wall: number; cpu: number }> {
  const launch = await getDriver('node').prepare({ file: join(programsDir, 'output-flood.ts') }, { lines: FLOOD_LINES });
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...launch.env };
  if (traced) Object.assign(env, { FORKSCOPE_RUN: `bench-${process.pid}`, FORKSCOPE_TRACE_FD: '3' });
  const [command, ...args] = launch.argv as [string, ...string[]];
  const root = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe', traced ? 'pipe' : 'ignore'] });
  // The consumer only counts lines, in both modes, so that it measures the producer.
  let lines = 0;
  const count = (chunk: Buffer): void => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  };
  root.stdout?.on('data', count);
  (root.stdio[3] as NodeJS.ReadableStream | null)?.on('data', count);
  let stderr = '';
  root.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => root.once('close', resolve));
  const reported = /flood-ms ([\d.]+) cpu-ms ([\d.]+)/.exec(stderr);
  if (code !== 0 || !reported) throw new Error(`output-flood.ts failed (exit ${code}): ${stderr}`);
  if (lines < FLOOD_LINES) throw new Error(`only ${lines} of ${FLOOD_LINES} lines arrived (${traced ? 'traced' : 'untraced'})`);
  return { wall: Number(reported[1]), cpu: Number(reported[2]) };
}

async function outputThroughput(): Promise<void> {
  const untraced: Array<{ wall: number; cpu: number }> = [];
  const traced: Array<{ wall: number; cpu: number }> = [];
  await flood(true); // warm-up (and bundle)
  for (let i = 0; i < FLOOD_REPEATS; i++) {
    untraced.push(await flood(false));
    traced.push(await flood(true));
  }
  const u = median(untraced.map((r) => r.wall));
  const t = median(traced.map((r) => r.wall));
  const uc = median(untraced.map((r) => r.cpu));
  const tc = median(traced.map((r) => r.cpu));
  const rate = (ms: number): string => `${((FLOOD_LINES / ms) * 1000).toFixed(0)} lines/s`;
  console.log(`one child printing ${FLOOD_LINES} lines, median of ${FLOOD_REPEATS} (the child's own loop; wall, and CPU of the child):`);
  console.log(`  untraced (stdout pipe):  ${u.toFixed(0)} ms wall (${rate(u)}), ${uc.toFixed(0)} ms CPU`);
  console.log(`  traced (trace records):  ${t.toFixed(0)} ms wall (${rate(t)}), ${tc.toFixed(0)} ms CPU`);
  console.log(`  ratio: ${(t / u).toFixed(3)} wall, ${(tc / uc).toFixed(3)} CPU (goal ≤ 2)`);
}

export default async function (): Promise<void> {
  await startLatency();
  await outputThroughput();
}
