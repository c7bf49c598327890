// Hand-written event streams shaped like real runs (pids, timings and event order as the tracer and the
// collector produce them), shared by the reducer, recording, trace and replay tests.

import type { ForkscopeEvent, RecordingHeader, RunLimits, UnsequencedEvent } from '../src/index.js';

type Unsequenced = UnsequencedEvent;

/** Numbers the events 0, 1, 2… in the order given (seq = arrival order). */
export function sequence(list: Unsequenced[]): ForkscopeEvent[] {
  return list.map((e, seq) => ({ ...e, seq }) as ForkscopeEvent);
}

/** The header of a recording of `daemonKilledAtMainEnd`. */
export const header: RecordingHeader = {
  format: 'forkscope-recording',
  version: 1,
  runId: 'r1',
  scenario: 'daemon-killed-at-main-end',
  params: {},
  driver: 'python',
  startedAt: '2026-11-26T03:00:00.000Z',
  host: { platform: 'linux', release: '6.1.0', node: 'v20.20.2', python: '3.11.2', cpus: 2 },
};

export const LIMITS: RunLimits = { wallMs: 30_000, tasks: 64, memoryBytes: null, outputBytes: 1_000_000, cpuSeconds: 10 };

export function runStarted(t = 0, scenario = 'test'): Unsequenced {
  return { type: 'run.started', t, pid: 0, runId: 'r1', scenario, params: {}, driver: 'python', containment: 'cgroup', limits: LIMITS, warnings: [] };
}

export function runEnded(t: number, pid: number, exitCode: number | null = 0): Unsequenced {
  return { type: 'run.ended', t, pid, status: 'completed', reason: null, exitCode, leftovers: 0 };
}

/** §5.2 daemon-killed-at-main-end (python, tty): p1 daemon killed at main's end, p2 joined by atexit. */
export const daemonKilledAtMainEnd: ForkscopeEvent[] = sequence([
  runStarted(0, 'daemon-killed-at-main-end'),
  { type: 'process.spawned', t: 1_200, pid: 4100, ppid: 4090, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 38_000, pid: 4100, ppid: 4090, name: 'MainProcess' },
  { type: 'process.spawned', t: 39_900, pid: 4101, ppid: 4100, name: 'Process-1', daemon: true, target: 'foo' },
  { type: 'process.spawned', t: 40_300, pid: 4102, ppid: 4100, name: 'Process-2', daemon: false, target: 'bar' },
  // Fork children run their first instruction ~1.3 ms after start(); p2 reports before p1 does.
  { type: 'process.running', t: 41_400, pid: 4102, ppid: 4100, name: 'Process-2' },
  { type: 'process.running', t: 41_200, pid: 4101, ppid: 4100, name: 'Process-1' },
  { type: 'process.output', t: 41_300, pid: 4101, stream: 'stdout', text: '123\n' },
  { type: 'process.output', t: 43_000, pid: 4102, stream: 'stdout', text: '456\n' },
  { type: 'process.output', t: 142_000, pid: 4100, stream: 'stdout', text: 'main-------\n' },
  { type: 'process.main-ended', t: 142_300, pid: 4100 },
  { type: 'process.daemon-killed', t: 142_600, pid: 4101, by: 4100 },
  { type: 'process.joining', t: 142_900, pid: 4100, target: 4102, timeoutMs: null },
  { type: 'process.exited', t: 143_100, pid: 4101, exitCode: -15, signal: 'SIGTERM', reapedBy: 4100 },
  { type: 'process.output', t: 3_043_000, pid: 4102, stream: 'stdout', text: 'end456\n' },
  { type: 'process.exited', t: 3_044_000, pid: 4102, exitCode: 0, signal: null, reapedBy: 4100 },
  { type: 'process.joined', t: 3_044_200, pid: 4100, target: 4102, timedOut: false },
  { type: 'process.exited', t: 3_046_000, pid: 4100, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(3_046_500, 4100),
]);

/** §7.1 terminate: SIGTERM before the child ran a line; is_alive() right after is still True. */
export const terminateStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'terminate'),
  { type: 'process.spawned', t: 900, pid: 8000, ppid: 7990, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 36_000, pid: 8000, ppid: 7990, name: 'MainProcess' },
  { type: 'process.spawned', t: 37_100, pid: 8001, ppid: 8000, name: 'Myprocess-1', daemon: false, target: 'Myprocess' },
  { type: 'process.terminating', t: 37_200, pid: 8000, target: 8001, signal: 'SIGTERM' },
  { type: 'process.alive-checked', t: 37_250, pid: 8000, target: 8001, alive: true },
  { type: 'process.output', t: 37_300, pid: 8000, stream: 'stdout', text: 'True\n' },
  { type: 'process.output', t: 37_400, pid: 8000, stream: 'stdout', text: '开始\n' },
  { type: 'process.exited', t: 40_500, pid: 8001, exitCode: -15, signal: 'SIGTERM', reapedBy: 8000 },
  { type: 'process.alive-checked', t: 40_600, pid: 8000, target: 8001, alive: false },
  { type: 'process.output', t: 40_700, pid: 8000, stream: 'stdout', text: 'False\n' },
  { type: 'process.main-ended', t: 40_800, pid: 8000 },
  { type: 'process.exited', t: 42_000, pid: 8000, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(42_500, 8000),
]);

/** §3.1 orphans: the parent is terminated, its children are re-parented and run on past its end. */
export const orphansStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'orphans'),
  { type: 'process.spawned', t: 1_000, pid: 6000, ppid: 5990, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 30_000, pid: 6000, ppid: 5990, name: 'MainProcess' },
  { type: 'process.spawned', t: 31_000, pid: 6001, ppid: 6000, name: 'Process-1', daemon: false, target: 'parent' },
  { type: 'process.running', t: 32_000, pid: 6001, ppid: 6000, name: 'Process-1' },
  { type: 'process.spawned', t: 33_000, pid: 6002, ppid: 6001, name: 'Process-1:1', daemon: false, target: 'tick' },
  { type: 'process.spawned', t: 33_500, pid: 6003, ppid: 6001, name: 'Process-1:2', daemon: true, target: 'tick' },
  { type: 'process.running', t: 34_000, pid: 6002, ppid: 6001, name: 'Process-1:1' },
  { type: 'process.running', t: 34_400, pid: 6003, ppid: 6001, name: 'Process-1:2' },
  { type: 'process.output', t: 35_000, pid: 6002, stream: 'stdout', text: 'tick ppid=6001\n' },
  { type: 'process.terminating', t: 200_000, pid: 6000, target: 6001, signal: 'SIGTERM' },
  { type: 'process.exited', t: 201_000, pid: 6001, exitCode: -15, signal: 'SIGTERM', reapedBy: 6000 },
  { type: 'process.reparented', t: 205_000, pid: 6002, from: 6001, to: 1 },
  { type: 'process.reparented', t: 205_000, pid: 6003, from: 6001, to: 1 },
  { type: 'process.output', t: 400_000, pid: 6002, stream: 'stdout', text: 'tick ppid=1\n' },
  { type: 'process.main-ended', t: 401_000, pid: 6000 },
  { type: 'process.exited', t: 402_000, pid: 6000, exitCode: 0, signal: null, reapedBy: 0 },
  { type: 'process.exited', t: 900_000, pid: 6002, exitCode: 0, signal: null, reapedBy: 0 },
  { type: 'process.exited', t: 900_500, pid: 6003, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(901_000, 6000),
]);

/** §5.1 daemon: the daemon's code ends at once; it is a zombie (kernel state Z) until main reaps it. */
export const zombieStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'daemon'),
  { type: 'process.spawned', t: 800, pid: 7000, ppid: 6990, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 35_000, pid: 7000, ppid: 6990, name: 'MainProcess' },
  { type: 'process.spawned', t: 39_000, pid: 7001, ppid: 7000, name: 'Myprocess-1', daemon: true, target: 'Myprocess' },
  { type: 'process.running', t: 40_300, pid: 7001, ppid: 7000, name: 'Myprocess-1' },
  { type: 'process.output', t: 40_500, pid: 7001, stream: 'stdout', text: '7001 Myprocess-1\n' },
  { type: 'process.output', t: 40_600, pid: 7001, stream: 'stdout', text: '哪吒正在和女主播聊天\n' },
  { type: 'process.main-ended', t: 40_700, pid: 7001 },
  { type: 'process.state', t: 41_000, pid: 7001, state: 'Z', ppid: 7000 },
  { type: 'process.output', t: 10_040_000, pid: 7000, stream: 'stdout', text: '主\n' },
  { type: 'process.main-ended', t: 10_040_100, pid: 7000 },
  { type: 'process.exited', t: 10_040_300, pid: 7001, exitCode: 0, signal: null, reapedBy: 7000 },
  { type: 'process.exited', t: 10_060_000, pid: 7000, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(10_060_400, 7000),
]);

/** §5 daemon-no-children: the daemon's start() raises; traceback on stderr, exit 1. */
export const daemonNoChildrenStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'daemon-no-children'),
  { type: 'process.spawned', t: 700, pid: 9000, ppid: 8990, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 34_000, pid: 9000, ppid: 8990, name: 'MainProcess' },
  { type: 'process.spawned', t: 35_000, pid: 9001, ppid: 9000, name: 'Process-1', daemon: true, target: 'spawner' },
  { type: 'process.running', t: 36_300, pid: 9001, ppid: 9000, name: 'Process-1' },
  {
    type: 'process.error',
    t: 36_700,
    pid: 9001,
    errorType: 'AssertionError',
    message: 'daemonic processes are not allowed to have children',
    stack: 'Traceback (most recent call last):\n  ...\nAssertionError: daemonic processes are not allowed to have children',
  },
  { type: 'process.output', t: 36_800, pid: 9001, stream: 'stderr', text: 'Process Process-1:\nTraceback (most recent call last):\n' },
  { type: 'process.output', t: 36_900, pid: 9001, stream: 'stderr', text: 'AssertionError: daemonic processes are not allowed to have children\n' },
  { type: 'process.exited', t: 38_000, pid: 9001, exitCode: 1, signal: null, reapedBy: 9000 },
  { type: 'process.main-ended', t: 38_100, pid: 9000 },
  { type: 'process.exited', t: 39_000, pid: 9000, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(39_400, 9000),
]);

/** §3.2 exit-codes: return 0, exception 1, exit(3), terminate −15, kill −9, side by side. */
export const exitCodesStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'exit-codes'),
  { type: 'process.spawned', t: 500, pid: 5000, ppid: 4990, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 30_000, pid: 5000, ppid: 4990, name: 'MainProcess' },
  ...[5001, 5002, 5003, 5004, 5005].map(
    (pid, i): Unsequenced => ({ type: 'process.spawned', t: 31_000 + i * 100, pid, ppid: 5000, name: `Process-${i + 1}`, daemon: false, target: ['returns', 'raises', 'exits', 'sleeps', 'sleeps'][i] as string }),
  ),
  ...[5001, 5002, 5003, 5004, 5005].map((pid, i): Unsequenced => ({ type: 'process.running', t: 32_000 + i * 100, pid, ppid: 5000, name: `Process-${i + 1}` })),
  { type: 'process.error', t: 33_000, pid: 5002, errorType: 'ValueError', message: 'bad thing', stack: 'Traceback…' },
  { type: 'process.exited', t: 33_500, pid: 5001, exitCode: 0, signal: null, reapedBy: 5000 },
  { type: 'process.exited', t: 33_600, pid: 5002, exitCode: 1, signal: null, reapedBy: 5000 },
  { type: 'process.exited', t: 33_700, pid: 5003, exitCode: 3, signal: null, reapedBy: 5000 },
  { type: 'process.terminating', t: 50_000, pid: 5000, target: 5004, signal: 'SIGTERM' },
  { type: 'process.terminating', t: 50_100, pid: 5000, target: 5005, signal: 'SIGKILL' },
  { type: 'process.exited', t: 51_000, pid: 5004, exitCode: -15, signal: 'SIGTERM', reapedBy: 5000 },
  { type: 'process.exited', t: 51_100, pid: 5005, exitCode: -9, signal: 'SIGKILL', reapedBy: 5000 },
  { type: 'process.main-ended', t: 52_000, pid: 5000 },
  { type: 'process.exited', t: 53_000, pid: 5000, exitCode: 0, signal: null, reapedBy: 0 },
  runEnded(53_500, 5000),
]);

const MEMORY = { rss: 14_000_000, pss: 7_000_000, privateClean: 36_864, sharedClean: 3_700_000, swap: 0 };

/**
 * The kernel's facts beside the processes' own reports (python, fork): the supervisor tells which sources
 * the machine offers; 9001 is terminated (its parent's report, confirmed by the kernel); 9002 is killed by
 * an `os.kill` only the kernel saw; the child's private memory grows after it writes; each child dies (the
 * kernel's exit event) before its parent reaps it; 9003 is still running when the run is cancelled (the
 * supervisor, pid 100, reports its SIGTERM and the kernel confirms it).
 */
export const kernelFactsStream: ForkscopeEvent[] = sequence([
  runStarted(0, 'kernel-facts'),
  { type: 'run.sources', t: 10, pid: 0, signals: 'kernel', exits: 'kernel', notes: [] },
  { type: 'process.spawned', t: 1_000, pid: 9000, ppid: 99, name: 'MainProcess', daemon: false, target: null },
  { type: 'process.running', t: 30_000, pid: 9000, ppid: 99, name: 'MainProcess' },
  { type: 'process.spawned', t: 31_000, pid: 9001, ppid: 9000, name: 'Process-1', daemon: false, target: 'work' },
  { type: 'process.running', t: 32_400, pid: 9001, ppid: 9000, name: 'Process-1' },
  { type: 'process.memory', t: 32_500, pid: 9001, ...MEMORY, privateDirty: 880_640, sharedDirty: 10_039_296, source: 'process' },
  {
    type: 'process.fds',
    t: 33_000,
    pid: 9001,
    ppid: 9000,
    source: 'sampler',
    fds: [
      { fd: 0, kind: 'device', name: '/dev/null', shared: false },
      { fd: 1, kind: 'socket', name: 'socket:[70001]', shared: true, role: 'run-output' },
      { fd: 3, kind: 'socket', name: 'socket:[70003]', shared: true, role: 'trace' },
      { fd: 5, kind: 'socket', name: 'socket:[80000]', shared: true, listening: 41234 },
    ],
  },
  { type: 'process.var', t: 33_100, pid: 9001, name: 'n', value: 0 },
  { type: 'process.memory', t: 33_150, pid: 9001, ...MEMORY, privateDirty: 995_328, sharedDirty: 9_924_608, source: 'process' },
  { type: 'process.spawned', t: 34_000, pid: 9002, ppid: 9000, name: 'Process-2', daemon: false, target: 'work' },
  { type: 'process.spawned', t: 34_500, pid: 9003, ppid: 9000, name: 'Process-3', daemon: false, target: 'work' },
  { type: 'process.running', t: 35_000, pid: 9002, ppid: 9000, name: 'Process-2' },
  { type: 'process.running', t: 35_600, pid: 9003, ppid: 9000, name: 'Process-3' },
  { type: 'process.terminating', t: 40_000, pid: 9000, target: 9001, signal: 'SIGTERM' },
  { type: 'process.signalled', t: 40_020, pid: 9001, by: 9000, signal: 'SIGTERM', source: 'kernel', result: 'delivered', code: 'user', byName: 'python3' },
  { type: 'process.died', t: 41_000, pid: 9001, exitCode: -15, signal: 'SIGTERM', ppid: 9000, source: 'kernel' },
  { type: 'process.state', t: 45_000, pid: 9001, state: 'Z', ppid: 9000 },
  { type: 'process.exited', t: 60_000, pid: 9001, exitCode: -15, signal: 'SIGTERM', reapedBy: 9000 },
  { type: 'process.signalled', t: 70_000, pid: 9002, by: 9000, signal: 'SIGKILL', source: 'kernel', result: 'delivered', code: 'user', byName: 'python3' },
  // The reap was read before the kernel's exit event.
  { type: 'process.exited', t: 80_000, pid: 9002, exitCode: -9, signal: 'SIGKILL', reapedBy: 9000 },
  { type: 'process.died', t: 70_500, pid: 9002, exitCode: -9, signal: 'SIGKILL', ppid: 9000, source: 'kernel' },
  { type: 'process.signalled', t: 90_000, pid: 9003, by: 100, signal: 'SIGTERM', source: 'supervisor', reason: 'cancel' },
  { type: 'process.signalled', t: 90_000, pid: 9000, by: 100, signal: 'SIGTERM', source: 'supervisor', reason: 'cancel' },
  { type: 'process.signalled', t: 90_040, pid: 9003, by: 100, signal: 'SIGTERM', source: 'kernel', result: 'delivered', code: 'user', byName: 'node' },
  { type: 'process.died', t: 91_000, pid: 9003, exitCode: -15, signal: 'SIGTERM', ppid: 9000, source: 'kernel' },
  { type: 'process.exited', t: 92_000, pid: 9003, exitCode: -15, signal: 'SIGTERM', reapedBy: 9000 },
  { type: 'process.exited', t: 95_000, pid: 9000, exitCode: -15, signal: 'SIGTERM', reapedBy: 98 },
  { type: 'run.ended', t: 96_000, pid: 9000, status: 'cancelled', reason: 'cancel', exitCode: -15, leftovers: 0 },
]);
