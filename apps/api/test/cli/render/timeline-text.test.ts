import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type ForkscopeEvent } from '@forkscope/protocol';
import { createPalette } from '../../../src/cli/render/colors.js';
import { renderTimeline } from '../../../src/cli/render/timeline-text.js';

const LIMITS = { wallMs: 30000, tasks: 256, memoryBytes: null, outputBytes: 1e6, cpuSeconds: 10 };
const events: ForkscopeEvent[] = [
  { seq: 0, t: 0, type: 'run.started', pid: 0, runId: 'r', scenario: null, params: {}, driver: 'node', containment: 'cgroup', limits: LIMITS, warnings: [] },
  { seq: 1, t: 0, type: 'process.spawned', pid: 10, ppid: 1, name: 'MainProcess', daemon: false, target: 'main' },
  { seq: 2, t: 0, type: 'process.running', pid: 10, ppid: 1, name: 'MainProcess' },
  { seq: 3, t: 1_000_000, type: 'process.spawned', pid: 11, ppid: 10, name: 'Process-1', daemon: false, target: 'f' },
  { seq: 4, t: 1_500_000, type: 'process.running', pid: 11, ppid: 10, name: 'Process-1' },
  { seq: 5, t: 2_000_000, type: 'process.terminating', pid: 10, target: 11, signal: 'SIGTERM' },
  { seq: 6, t: 2_000_000, type: 'process.exited', pid: 11, exitCode: -15, signal: 'SIGTERM', reapedBy: 10 },
  { seq: 7, t: 4_000_000, type: 'process.exited', pid: 10, exitCode: 0, signal: null, reapedBy: 0 },
  { seq: 8, t: 4_000_000, type: 'run.ended', pid: 10, status: 'completed', reason: null, exitCode: 0, leftovers: 0 },
];

describe('renderTimeline', () => {
  test('one row per process in tree order, a bar over the run and the exit badge', () => {
    const model = applyEvents(createTimelineModel(), events);
    const lines = renderTimeline(model, { width: 8, palette: createPalette(false), lang: 'en' });
    expect(lines[0]).toBe('MainProcess·10 │████████│ 0');
    expect(lines[1]).toBe('  Process-1·11 │  ░█    │ −15 SIGTERM');
    expect(lines[2]).toMatch(/^ +0 s +4\.00 s$/);
    expect(lines[3]).toContain('░ spawned  █ running');
  });

  test('a process without an exit says so, in the chosen language', () => {
    const model = applyEvents(createTimelineModel(), events.slice(0, 5));
    const lines = renderTimeline(model, { width: 8, palette: createPalette(false), lang: 'zh' });
    expect(lines[1]).toMatch(/│ \(未退出\)$/);
  });
});
