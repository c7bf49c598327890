// The python driver's cost: a 50-process fan-out with and without the tracing shim (goal: ratio ≤ 1.2), and
// start() → running latency under fork against CPython's own start() → first instruction. Each baseline is
// measured in the same run, interleaved with the traced runs so that machine noise hits both alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDriver } from '@forkscope/supervisor';

// Eleven interleaved rounds: the medians of fewer moved by ±0.03 between runs of the bench on this VM.
const ROUNDS = 11;

const FAN_OUT = `
from multiprocessing import Process


def f(i):
    print('hello', i)


if __name__ == '__main__':
    ps = [Process(target=f, args=(i,)) for i in range(50)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    import resource
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for f in ('ru_utime', 'ru_stime'))
    print('cpu', cpu)
`;

// Prints, per trial, the monotonic µs just before start() and (plain CPython) when the target began.
const LATENCY = `
import time
from multiprocessing import Process, Value


def f(v):
    v.value = time.monotonic_ns() // 1000


if __name__ == '__main__':
    v = Value('q', 0)
    for i in range(21):
        before = time.monotonic_ns() // 1000
        p = Process(target=f, args=(v,))
        p.start()
        p.join()
        print(before, v.value, p.pid)
`;

interface Outcome {
  ms: number;
  stdout: string;
  records: Array<{ type: string; pid: number; tm: number }>;
}

/** Runs a python program; traced = with the shim active and a collector reading the trace fd, as the supervisor does. */
function run(argv: string[], env: Record<string, string>, traced: boolean): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0] as string, argv.slice(1), {
      env: traced ? { ...env, FORKSCOPE_RUN: 'bench', FORKSCOPE_TRACE_FD: '3', FORKSCOPE_PARAMS: '{}' } : { PATH: env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'inherit', traced ? 'pipe' : 'ignore'],
    });
    let stdout = '';
    let trace = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const channel = child.stdio[3] as NodeJS.ReadableStream | null;
    channel?.setEncoding('utf8');
    channel?.on('data', (d: string) => (trace += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited with ${String(code)}`));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const records = trace.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Outcome['records'][number]);
      resolve({ ms, stdout, records });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export default async function (): Promise<void> {
  const driver = getDriver('python');
  const availability = await driver.available();
  if (!availability.ok) {
    console.log(`python driver unavailable, skipped: ${availability.reason}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-python-bench-'));
  try {
    const fanOut = join(dir, 'fan-out.py');
    const latency = join(dir, 'latency.py');
    writeFileSync(fanOut, FAN_OUT);
    writeFileSync(latency, LATENCY);
    const fanLaunch = await driver.prepare({ file: fanOut }, {});
    const latLaunch = await driver.prepare({ file: latency }, {});
    const env = { PATH: process.env.PATH ?? '', ...fanLaunch.env };

    const plainMs: number[] = [];
    const tracedMs: number[] = [];
    const plainCpu: number[] = [];
    const tracedCpu: number[] = [];
    // CPU seconds of the whole tree, as the program's last line reports them (traced: in its output records).
    const cpuOf = (text: string) => Number(/^cpu (\S+)$/m.exec(text)?.[1]) * 1000;
    const tracedText = (o: Outcome) => o.records.filter((r) => r.type === 'process.output').map((r) => (r as unknown as { text: string }).text).join('');
    await run(fanLaunch.argv, env, true); // warm-up: bytecode caches, page cache
    for (let i = 0; i < ROUNDS; i++) {
      const plain = await run(fanLaunch.argv, env, false);
      plainMs.push(plain.ms);
      plainCpu.push(cpuOf(plain.stdout));
      const traced = await run(fanLaunch.argv, env, true);
      const running = traced.records.filter((r) => r.type === 'process.running').length;
      if (running !== 51) throw new Error(`the traced fan-out reported ${running} running processes, expected 51`);
      tracedMs.push(traced.ms);
      tracedCpu.push(cpuOf(tracedText(traced)));
    }
    const ratio = median(tracedMs) / median(plainMs);
    console.log(`fan-out of 50 processes (fork), median of ${ROUNDS}:      wall time    CPU time (all processes)`);
    console.log(`  plain CPython                                ${median(plainMs).toFixed(1).padStart(8)} ms  ${median(plainCpu).toFixed(0).padStart(8)} ms`);
    console.log(`  with the shim                                ${median(tracedMs).toFixed(1).padStart(8)} ms  ${median(tracedCpu).toFixed(0).padStart(8)} ms`);
    console.log(`  ratio (goal ≤ 1.20)                          ${ratio.toFixed(2).padStart(8)}     ${(median(tracedCpu) / median(plainCpu)).toFixed(2).padStart(8)}`);

    // Latency: plain = start() → the target's first instruction (CPython's own, as SEMANTICS §3 measures it);
    // traced = start() → the child's process.running record.
    const plainLat: number[] = [];
    const tracedLat: number[] = [];
    for (let i = 0; i < 3; i++) {
      const plain = await run(latLaunch.argv, env, false);
      for (const line of plain.stdout.trim().split('\n').slice(1)) {
        const [before, first] = line.split(' ').map(Number) as [number, number];
        plainLat.push((first - before) / 1000);
      }
      const traced = await run(latLaunch.argv, env, true);
      const runningAt = new Map(traced.records.filter((r) => r.type === 'process.running').map((r) => [r.pid, r.tm]));
      const lines = tracedText(traced)
        .trim()
        .split('\n')
        .slice(1);
      for (const line of lines) {
        const [before, , pid] = line.split(' ').map(Number) as [number, number, number];
        const tm = runningAt.get(pid);
        if (tm !== undefined) tracedLat.push((tm - before) / 1000);
      }
    }
    console.log(`start() → running under fork, median of ${plainLat.length} / ${tracedLat.length} starts:`);
    console.log(`  plain CPython (start() → target's first instruction)  ${median(plainLat).toFixed(2)} ms`);
    console.log(`  with the shim (start() → process.running)             ${median(tracedLat).toFixed(2)} ms`);
    console.log(`  ratio                                                 ${(median(tracedLat) / median(plainLat)).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
