// A big run for benchmarks, shaped like the `many` lesson at scale: main starts its children over about
// a second (two levels deep), each prints, some are daemons, all exit and are joined; with what the kernel
// tells of each (its descriptors at running, two memory readings, its death before the reap).
import type { ForkscopeEvent, UnsequencedEvent } from '@forkscope/protocol';

export function syntheticRun(processes: number, events: number): ForkscopeEvent[] {
  const raw: UnsequencedEvent[] = [];
  const root = 10_000;
  const limits = { wallMs: 60_000, tasks: 512, memoryBytes: null, outputBytes: 10_000_000, cpuSeconds: 10 };
  raw.push({ type: 'run.started', t: 0, pid: 0, runId: 'bench', scenario: 'many', params: {}, driver: 'node', containment: 'cgroup', limits, warnings: [] });
  raw.push({ type: 'process.spawned', t: 100, pid: root, ppid: 1, name: 'MainProcess', daemon: false, target: null });
  raw.push({ type: 'process.running', t: 30_000, pid: root, ppid: 1, name: 'MainProcess' });
  const children = processes - 1;
  // Outputs per child beside spawned/running/exited/joined and the kernel's fds, two memory readings and died.
  const perChild = Math.floor((events - 6) / children) - 8;
  const memory = (t: number, pid: number, privateDirty: number) =>
    ({ type: 'process.memory', t, pid, rss: 9_000_000, pss: 5_000_000, privateDirty, privateClean: 0, sharedDirty: 8_000_000 - privateDirty, sharedClean: 1_000_000, swap: 0, source: 'sampler' }) as const;
  const spacing = Math.max(1, Math.floor(995_000 / children)); // all started within about a second (5 ms apart for 200)
  const timed: UnsequencedEvent[] = [];
  for (let i = 0; i < children; i++) {
    const pid = root + 1 + i;
    const parent = i < 20 ? root : root + 1 + (i % 20); // two levels deep
    const start = 31_000 + i * spacing;
    timed.push({ type: 'process.spawned', t: start, pid, ppid: parent, name: `Process-${i + 1}`, daemon: i % 7 === 0, target: 'work' });
    timed.push({ type: 'process.running', t: start + 1_300, pid, ppid: parent, name: `Process-${i + 1}` });
    const fds = [0, 1, 2, 3, 4].map((fd) => ({ fd, kind: 'socket' as const, name: `socket:[${fd + 1000}]`, shared: true }));
    timed.push({ type: 'process.fds', t: start + 1_500, pid, ppid: parent, fds, source: 'sampler' });
    timed.push(memory(start + 1_600, pid, 1_000_000));
    for (let k = 0; k < perChild; k++) {
      timed.push({ type: 'process.output', t: start + 2_000 + k * 80_000 + (i % 13), pid, stream: k % 9 === 0 ? 'stderr' : 'stdout', text: `child ${i} line ${k}\n` });
    }
    const end = start + 2_000 + perChild * 80_000;
    timed.push(memory(end - 40_000, pid, 3_000_000));
    timed.push({ type: 'process.died', t: end - 500, pid, exitCode: i % 11 === 0 ? -15 : 0, signal: i % 11 === 0 ? 'SIGTERM' : null, ppid: parent, source: 'kernel' });
    timed.push({ type: 'process.exited', t: end, pid, exitCode: i % 11 === 0 ? -15 : 0, signal: i % 11 === 0 ? 'SIGTERM' : null, reapedBy: parent });
    timed.push({ type: 'process.joined', t: end + 50, pid: parent, target: pid, timedOut: false });
  }
  // Arrival order: by time, as the collector would see them (skew aside).
  timed.sort((a, b) => a.t - b.t);
  for (const e of timed) raw.push(e);
  const last = timed.at(-1)?.t ?? 0;
  while (raw.length < events - 2) raw.push({ type: 'process.output', t: last + raw.length, pid: root, stream: 'stdout', text: 'tail\n' });
  raw.push({ type: 'process.exited', t: last + 100_000, pid: root, exitCode: 0, signal: null, reapedBy: 0 });
  raw.push({ type: 'run.ended', t: last + 100_500, pid: root, status: 'completed', reason: null, exitCode: 0, leftovers: 0 });
  return raw.map((e, seq) => ({ ...e, seq }) as ForkscopeEvent);
}
