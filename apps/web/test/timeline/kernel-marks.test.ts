// The kernel's facts as the timeline draws them: the memory track's steps on one scale for the run, the
// descriptor badge's count (the program's inherited descriptors, not forkscope's own), and the label of a
// signal from a sender outside the lanes.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type MemoryPoint, type ProcessFds } from '@forkscope/protocol';
import { fdSummary } from '../../src/timeline/draw/fd-glyph.js';
import { memoryScale, memorySteps, trackRoom } from '../../src/timeline/draw/memory-track.js';
import { outsideLabel } from '../../src/timeline/draw/signal-arrows.js';
import { sequence } from '../support/event-stream.js';

const limits = { wallMs: 30_000, tasks: 64, memoryBytes: null, outputBytes: 1_000_000, cpuSeconds: 10 };
const memory = (t: number, privateDirty: number, shared: number) =>
  ({ type: 'process.memory', t, pid: 201, rss: privateDirty + shared, pss: 0, privateDirty, privateClean: 0, sharedDirty: shared, sharedClean: 0, swap: 0, source: 'process' }) as const;

const run = sequence([
  { type: 'run.started', t: 0, pid: 0, runId: 'r1', scenario: 'isolation', params: {}, driver: 'python', containment: 'cgroup', limits, warnings: [] },
  { type: 'process.running', t: 1_000, pid: 200, ppid: 1, name: 'MainProcess' },
  { type: 'process.spawned', t: 2_000, pid: 201, ppid: 200, name: 'Process-1', daemon: false, target: 'work' },
  { type: 'process.running', t: 3_000, pid: 201, ppid: 200, name: 'Process-1' },
  memory(3_100, 1_000_000, 5_000_000),
  {
    type: 'process.fds',
    t: 3_200,
    pid: 201,
    ppid: 200,
    source: 'sampler',
    fds: [
      { fd: 0, kind: 'device', name: '/dev/null', shared: true },
      { fd: 3, kind: 'socket', name: 'socket:[1]', shared: true, role: 'trace' },
      { fd: 4, kind: 'socket', name: 'socket:[2]', shared: true, listening: 8080 },
      { fd: 5, kind: 'pipe', name: 'pipe:[3]', shared: false },
    ],
  },
  memory(4_000, 1_500_000, 4_500_000),
  { type: 'process.signalled', t: 5_000, pid: 201, by: 77, signal: 'SIGTERM', source: 'supervisor', reason: 'cancel' },
  { type: 'process.exited', t: 6_000, pid: 201, exitCode: -15, signal: 'SIGTERM', reapedBy: 200 },
]);
const model = applyEvents(createTimelineModel(), run);

describe('memory track', () => {
  test('one scale for the run: the largest private + shared footprint', () => {
    expect(memoryScale(model)).toBe(6_000_000);
  });

  test('each reading holds until the next, the last until the process ended; nothing after `end`', () => {
    const points = model.processes[201]!.memory as MemoryPoint[];
    expect(memorySteps(points, 6_000, 6_000_000)).toEqual([
      { start: 3_100, end: 4_000, private: 1 / 6, shared: 5 / 6 },
      { start: 4_000, end: 6_000, private: 1.5 / 6, shared: 4.5 / 6 },
    ]);
    expect(memorySteps(points, 3_500, 6_000_000)).toEqual([{ start: 3_100, end: 3_500, private: 1 / 6, shared: 5 / 6 }]);
    expect(memorySteps(points, 3_000, 6_000_000)).toEqual([]);
  });

  test('labels below a lane make room for its track only where there is one', () => {
    expect(trackRoom(model.processes[201], 1)).toBeGreaterThan(0);
    expect(trackRoom(model.processes[200], 1)).toBe(0);
  });
});

test('the descriptor badge counts the program’s inherited descriptors and its inherited listening sockets', () => {
  expect(fdSummary(model.processes[201]!.fds as ProcessFds)).toEqual({ inherited: 2, listening: [8080], own: 1 });
});

test('a signal from outside the lanes is labelled with its sender', () => {
  const arrow = model.arrows.find((a) => a.kind === 'signal')!;
  expect(arrow).toMatchObject({ from: 77, to: 201, source: 'supervisor' });
  expect(outsideLabel({ model, text: { supervisor: '监督进程' } as never }, arrow)).toBe('SIGTERM · 监督进程');
});
