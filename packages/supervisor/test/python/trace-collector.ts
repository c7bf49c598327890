// A minimal trace collector for the shim's tests: starts a python program the way the python driver says,
// with the trace channel on an extra fd 3 pipe (team contract 2), and parses the records it writes.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TraceRecord } from '@forkscope/protocol';
import { pythonDriver } from '../../src/drivers/python.js';

export interface TracedRun {
  records: TraceRecord[];
  /** Exit code of the root (Python style: −N for signal N). */
  exitCode: number;
  /** What reached the real fd 1/2 (untraced output). */
  rawStdout: string;
  rawStderr: string;
  rootPid: number;
}

export async function runTraced(file: string, params: Record<string, unknown> = {}, opts: { timeoutMs?: number } = {}): Promise<TracedRun> {
  const launch = await pythonDriver.prepare({ file }, params);
  const [command, ...args] = launch.argv as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: launch.cwd,
    env: { PATH: process.env.PATH ?? '', ...launch.env, FORKSCOPE_RUN: 'test', FORKSCOPE_TRACE_FD: '3', FORKSCOPE_PARAMS: JSON.stringify(params) },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true, // own process group, so a failed test can kill every process it started
  });
  const rootPid = child.pid as number;
  const trace = child.stdio[3] as NodeJS.ReadableStream;
  let buffered = '';
  const records: TraceRecord[] = [];
  let rawStdout = '';
  let rawStderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (rawStdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (rawStderr += d));
  trace.setEncoding('utf8');
  trace.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      records.push(JSON.parse(buffered.slice(0, nl)) as TraceRecord);
      buffered = buffered.slice(nl + 1);
    }
  });
  // The trace pipe closes when the last process holding it (orphans included) is gone.
  const traceClosed = new Promise<void>((resolve) => trace.on('end', () => resolve()));
  const exitCode = await new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? -(signalNumber(signal) ?? 0)));
  });
  const timeout = setTimeout(() => killGroup(rootPid), opts.timeoutMs ?? 20_000);
  await traceClosed;
  clearTimeout(timeout);
  killGroup(rootPid);
  return { records, exitCode, rawStdout, rawStderr, rootPid };
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function signalNumber(signal: NodeJS.Signals | null): number | null {
  return signal ? constants.signals[signal] : null;
}

/** Records of one type, narrowed. */
export function ofType<T extends TraceRecord['type']>(records: readonly TraceRecord[], type: T): Array<Extract<TraceRecord, { type: T }>> {
  return records.filter((r): r is Extract<TraceRecord, { type: T }> => r.type === type);
}

/** Full stdout text of each pid, in record order. */
export function stdoutLines(records: readonly TraceRecord[], pid?: number): string[] {
  return ofType(records, 'process.output')
    .filter((r) => r.stream === 'stdout' && (pid === undefined || r.pid === pid))
    .map((r) => r.text)
    .join('')
    .split('\n')
    .filter((l) => l !== '');
}
