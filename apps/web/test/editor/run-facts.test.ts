import { describe, expect, it } from 'vitest';
import { applyEvents, createTimelineModel, type UnsequencedEvent } from '@forkscope/protocol';
import { runFacts } from '../../src/editor/run-facts.js';
import { daemonKilledRun, sequence } from '../support/event-stream.js';

const limits = { wallMs: 20_000, tasks: 64, memoryBytes: null, outputBytes: 262_144, cpuSeconds: 5 };

describe('runFacts', () => {
  it('lists the processes, what each died of and the output lines of a run', () => {
    const facts = runFacts(applyEvents(createTimelineModel(), daemonKilledRun()));
    expect(facts.processes).toEqual([4100, 4101, 4102]);
    expect(facts.causes).toEqual([
      { cause: 'returned', pids: [4100, 4102] },
      { cause: 'daemon-killed', pids: [4101] },
    ]);
    expect(facts.outputLines).toBe(4);
    expect(facts.zombies).toEqual([]);
    expect(facts.orphans).toEqual([]);
  });

  it('counts a zombie for as long as it stayed one, and an orphan with who adopted it (the sandbox’s reaper, pid 1)', () => {
    const drafts: UnsequencedEvent[] = [
      { type: 'run.started', t: 0, pid: 0, runId: 'e', scenario: 'orphans', params: {}, driver: 'python', containment: 'cgroup', limits, warnings: [], edit: { source: 'import os' } },
      { type: 'process.spawned', t: 10, pid: 2, ppid: 1, name: 'MainProcess', daemon: false, target: 'main' },
      { type: 'process.spawned', t: 20, pid: 3, ppid: 2, name: 'Process-1', daemon: false, target: 'f' },
      { type: 'process.spawned', t: 30, pid: 4, ppid: 3, name: 'Process-2', daemon: false, target: 'g' },
      { type: 'process.exited', t: 1_000, pid: 3, exitCode: 0, signal: null, reapedBy: 2 },
      { type: 'process.state', t: 1_000, pid: 3, state: 'Z', ppid: 2 },
      { type: 'process.reparented', t: 1_010, pid: 4, from: 3, to: 1, reaper: true },
      { type: 'process.state', t: 251_000, pid: 3, state: 'X', ppid: 2 },
      { type: 'process.exited', t: 300_000, pid: 4, exitCode: 7, signal: null, reapedBy: 1 },
      { type: 'process.exited', t: 400_000, pid: 2, exitCode: 0, signal: null, reapedBy: 1 },
    ];
    const model = applyEvents(createTimelineModel(), sequence(drafts));
    const facts = runFacts(model);
    expect(facts.orphans).toEqual([{ pid: 4, to: 1, reaper: true }]);
    expect(facts.causes.map((c) => c.cause).sort()).toEqual(['exit', 'returned']);
    expect(model.run.edit).toEqual({ source: 'import os' });
    for (const zombie of facts.zombies) expect(zombie.us).toBeGreaterThan(0);
  });
});
