// Hand-written event streams for unit tests, shaped like the daemon-killed-at-main-end run of the
// design sketch: MainProcess 4100 starts daemon Process-1 4101 and Process-2 4102; main's code ends
// at 0.142 s, the daemon is killed, Process-2 sleeps 3 s, prints end456 and exits, then main exits.

import type { ForkscopeEvent, UnsequencedEvent as Draft } from '@forkscope/protocol';

export function sequence(drafts: readonly Draft[]): ForkscopeEvent[] {
  return drafts.map((d, seq) => ({ ...d, seq }) as ForkscopeEvent);
}

const limits = { wallMs: 30_000, tasks: 64, memoryBytes: null, outputBytes: 1_000_000, cpuSeconds: 10 };

export function daemonKilledRun(): ForkscopeEvent[] {
  return sequence([
    { type: 'run.started', t: 0, pid: 0, runId: 'r1', scenario: 'daemon-killed-at-main-end', params: {}, driver: 'python', containment: 'cgroup', limits, warnings: [] },
    { type: 'process.running', t: 1_000, pid: 4100, ppid: 1, name: 'MainProcess' },
    { type: 'process.spawned', t: 2_000, pid: 4101, ppid: 4100, name: 'Process-1', daemon: true, target: 'foo' },
    { type: 'process.spawned', t: 2_500, pid: 4102, ppid: 4100, name: 'Process-2', daemon: false, target: 'bar' },
    { type: 'process.running', t: 5_000, pid: 4101, ppid: 4100, name: 'Process-1' },
    { type: 'process.running', t: 5_500, pid: 4102, ppid: 4100, name: 'Process-2' },
    { type: 'process.output', t: 41_000, pid: 4101, stream: 'stdout', text: '123\n' },
    { type: 'process.output', t: 43_000, pid: 4102, stream: 'stdout', text: '456\n' },
    { type: 'process.output', t: 142_000, pid: 4100, stream: 'stdout', text: 'main-------\n' },
    { type: 'process.main-ended', t: 142_200, pid: 4100 },
    { type: 'process.daemon-killed', t: 143_000, pid: 4101, by: 4100 },
    { type: 'process.exited', t: 143_500, pid: 4101, exitCode: -15, signal: 'SIGTERM', reapedBy: 4100 },
    { type: 'process.joining', t: 143_600, pid: 4100, target: 4102, timeoutMs: null },
    { type: 'process.output', t: 3_043_000, pid: 4102, stream: 'stdout', text: 'end456\n' },
    { type: 'process.exited', t: 3_044_000, pid: 4102, exitCode: 0, signal: null, reapedBy: 4100 },
    { type: 'process.joined', t: 3_044_100, pid: 4100, target: 4102, timedOut: false },
    { type: 'process.exited', t: 3_046_000, pid: 4100, exitCode: 0, signal: null, reapedBy: 0 },
    { type: 'run.ended', t: 3_046_500, pid: 4100, status: 'completed', reason: null, exitCode: 0, leftovers: 0 },
  ]);
}

/** A wide run: `n` children of one root, each printing `lines` lines, for paging and checkpoint tests. */
export function wideRun(n: number, lines: number): ForkscopeEvent[] {
  const drafts: Draft[] = [
    { type: 'run.started', t: 0, pid: 0, runId: 'wide', scenario: null, params: {}, driver: 'node', containment: 'cgroup', limits, warnings: [] },
    { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
  ];
  let t = 100;
  for (let i = 0; i < n; i++) {
    const pid = 1000 + i;
    drafts.push({ type: 'process.spawned', t: (t += 10), pid, ppid: 100, name: `Process-${i + 1}`, daemon: false, target: 'work' });
    drafts.push({ type: 'process.running', t: (t += 10), pid, ppid: 100, name: `Process-${i + 1}` });
  }
  for (let k = 0; k < lines; k++) {
    for (let i = 0; i < n; i++) drafts.push({ type: 'process.output', t: (t += 10), pid: 1000 + i, stream: 'stdout', text: `line ${k}\n` });
  }
  for (let i = 0; i < n; i++) drafts.push({ type: 'process.exited', t: (t += 10), pid: 1000 + i, exitCode: 0, signal: null, reapedBy: 100 });
  drafts.push({ type: 'process.exited', t: (t += 10), pid: 100, exitCode: 0, signal: null, reapedBy: 0 });
  drafts.push({ type: 'run.ended', t: t + 10, pid: 100, status: 'completed', reason: null, exitCode: 0, leftovers: 0 });
  return sequence(drafts);
}
