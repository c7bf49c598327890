// The kernel sampler's cost with what it now reads besides each process's state: its descriptors at running
// and its memory (smaps_rollup). 200 real CPython processes (a fork fan-out, the size of the largest lessons)
// are sampled every 10 ms, as a run does (with its spacing of four sample-durations), once reading states only
// (the baseline) and once with descriptors and memory, in interleaved rounds; the figure is the CPU time of this
// whole process (the event loop and the threads that read memory) per second sampled. Then the kernel sources'
// own helpers: what starting them costs, and what they use while the machine goes about its business.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { UnsequencedEvent } from '@forkscope/protocol';
import { KernelSampler, emptyLedger, type ProcessLedger } from '../../packages/supervisor/src/kernel-sampler.js';
import { KernelFacts } from '../../packages/supervisor/src/kernel-sources/kernel-facts.js';
import type { ContainmentUnit } from '../../packages/supervisor/src/containment/unit.js';

const PROCESSES = 200;
const ROUNDS = 5;
const ROUND_MS = 3000;
/** The first second of a round reads every process's descriptors once (a burst); the rest is the steady state. */
const BURST_MS = 1000;
const INTERVAL_MS = 10;

const FAN_OUT = `
import os, sys, time
pids = []
for i in range(${PROCESSES}):
    pid = os.fork()
    if pid == 0:
        time.sleep(120)
        os._exit(0)
    pids.append(pid)
print(' '.join(map(str, pids)), flush=True)
sys.stdin.read()
for pid in pids:
    os.kill(pid, 9)
for pid in pids:
    os.waitpid(pid, 0)
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function unitOf(pids: number[]): ContainmentUnit {
  return {
    kind: 'process-group',
    name: 'forkscope-bench',
    launch: () => ({ argv: [], detached: false }),
    adopt: () => {},
    pids: () => pids,
    isEmpty: () => false,
    signalAll: () => {},
    killAll: () => {},
    limitHit: () => null,
    remove: () => true,
  };
}

/** CPU ms per second this process used while sampling `pids` for ROUND_MS; samples taken per second; events; memory reads. */
async function round(pids: number[], root: number, details: boolean): Promise<{ cpuMs: number; steadyMs: number; rate: number; events: number; reads: number }> {
  const ledger: ProcessLedger = emptyLedger();
  for (const pid of [root, ...pids]) {
    ledger.spawned.add(pid);
    ledger.running.add(pid);
    ledger.traced.add(pid);
  }
  const t0 = performance.now();
  let events = 0;
  const sampler = new KernelSampler({
    unit: unitOf([root, ...pids]),
    ledger,
    emit: (_e: UnsequencedEvent) => void events++,
    now: () => Math.round((performance.now() - t0) * 1000),
    launcherPid: () => root,
    details,
  });
  const cpu0 = process.cpuUsage();
  let cpuAtBurstEnd: NodeJS.CpuUsage | null = null;
  let nextAt = 0;
  let samples = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - t0 > ROUND_MS) {
        clearInterval(timer);
        resolve();
        return;
      }
      const started = performance.now();
      if (!cpuAtBurstEnd && started - t0 >= BURST_MS) cpuAtBurstEnd = process.cpuUsage();
      if (started < nextAt) return;
      sampler.sample();
      samples++;
      nextAt = performance.now() + 4 * (performance.now() - started);
    }, INTERVAL_MS);
  });
  // Readings still in flight finish on their threads: count them in the round that asked for them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cpu = process.cpuUsage(cpu0);
  const reads = sampler.memoryReads;
  sampler.finish();
  const steady = process.cpuUsage(cpuAtBurstEnd ?? cpu0);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000 / (ROUND_MS / 1000),
    steadyMs: (steady.user + steady.system) / 1000 / ((ROUND_MS - BURST_MS) / 1000),
    rate: samples / (ROUND_MS / 1000),
    events,
    reads,
  };
}

function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

export default async function (): Promise<void> {
  const parent = spawn('python3', ['-c', FAN_OUT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(String(d).trim().split(' ').map(Number))));
  try {
    const root = parent.pid!;
    const states: number[] = [];
    const detailed: number[] = [];
    const statesRate: number[] = [];
    const detailedRate: number[] = [];
    const statesSteady: number[] = [];
    const detailedSteady: number[] = [];
    let sample = { events: 0, reads: 0 };
    await round(pids, root, true); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      const s = await round(pids, root, false);
      states.push(s.cpuMs);
      statesRate.push(s.rate);
      statesSteady.push(s.steadyMs);
      const d = await round(pids, root, true);
      detailed.push(d.cpuMs);
      detailedRate.push(d.rate);
      detailedSteady.push(d.steadyMs);
      sample = d;
    }
    console.log(`kernel sampler, ${PROCESSES + 1} CPython processes sampled every ${INTERVAL_MS} ms, median of ${ROUNDS} rounds of ${ROUND_MS} ms:`);
    // A run spaces its samples four sample-durations apart: dearer samples come less often, so both figures matter.
    console.log(`  states only (baseline)                    ${median(states).toFixed(1).padStart(7)} ms CPU per second, ${median(statesRate).toFixed(0)} samples per second`);
    console.log(`  with descriptors and memory               ${median(detailed).toFixed(1).padStart(7)} ms CPU per second, ${median(detailedRate).toFixed(0)} samples per second`);
    console.log(`  ratio                                     ${(median(detailed) / median(states)).toFixed(2).padStart(7)} (CPU)  ${(median(detailedRate) / median(statesRate)).toFixed(2)} (samples)`);
    console.log(`  after the first second (descriptors all read): states ${median(statesSteady).toFixed(1)} ms/s, with details ${median(detailedSteady).toFixed(1)} ms/s, ratio ${(median(detailedSteady) / median(statesSteady)).toFixed(2)}`);
    console.log(`  (a round with details: ${sample.events} events, ${sample.reads} memory readings)`);

    const facts = new KernelFacts();
    const started = performance.now();
    const sources = await facts.ready();
    const readyMs = performance.now() - started;
    const helpers = (facts as unknown as { connector: { helper: { pid?: number } | null } | null; tracer: { helper: { pid?: number } | null } | null });
    const procwatch = helpers.connector?.helper?.pid;
    const bpftrace = helpers.tracer?.helper?.pid;
    const startCpu = { procwatch: cpuMsOf(procwatch), bpftrace: cpuMsOf(bpftrace) };
    const received0 = facts.received;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(`kernel sources (signals: ${sources.signals}, exits: ${sources.exits}), ready after ${readyMs.toFixed(0)} ms:`);
    console.log(`  start-up CPU: bpftrace ${startCpu.bpftrace.toFixed(0)} ms, procwatch ${startCpu.procwatch.toFixed(0)} ms`);
    console.log(
      `  then, over 5 s of this machine's own traffic (${facts.received - received0} facts): bpftrace ${((cpuMsOf(bpftrace) - startCpu.bpftrace) / 5).toFixed(1)} ms CPU/s, procwatch ${((cpuMsOf(procwatch) - startCpu.procwatch) / 5).toFixed(1)} ms CPU/s`,
    );
    await facts.close();
  } finally {
    parent.stdin.end();
    await new Promise((resolve) => parent.once('exit', resolve));
  }
}
