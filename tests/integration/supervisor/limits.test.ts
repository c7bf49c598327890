// Limits end a run with status `limit` (or `timeout`) and say which; output beyond the cap is dropped once.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { fixture, liveTagged, unitDirs } from './oracle.js';

const supervisor = createSupervisor({ graceMs: 300 });

afterAll(async () => {
  await supervisor.close();
  expect(unitDirs(process.pid)).toEqual([]);
});

const MiB = 1024 * 1024;
const cgroup = supervisor.containment === 'cgroup';

describe('limits', () => {
  it('has measured defaults within the hard maxima', () => {
    expect(supervisor.limits).toMatchObject({ wallMs: 30_000, tasks: 512, outputBytes: MiB, cpuSeconds: 10 });
  });

  it.runIf(cgroup)('holds a fork bomb at the tasks limit, ends the run `limit: tasks`, and the server stays responsive', async () => {
    const run = supervisor.startRun({ command: [fixture('fork-bomb.sh')], limits: { tasks: 64 } });
    // The event loop keeps turning during the bomb: timers fire while the run is contained.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const result = await run.result;
    clearInterval(ticker);
    expect(result).toMatchObject({ status: 'limit', reason: 'tasks', leftovers: 0 });
    expect(result.message).toMatch(new RegExp(`^Run "${run.id}" hit its tasks limit \\(64 tasks\\) after \\d+ ms$`));
    expect(ticks).toBeGreaterThan(0);
    expect(liveTagged([run.id])).toEqual([]);
  });

  it.runIf(cgroup)('ends a memory hog with `limit: memory` once it reaches the cap, and only that run', async () => {
    const bystander = supervisor.startRun({ command: ['sleep', '30'] });
    const run = supervisor.startRun({ command: [process.execPath, fixture('memory-hog.mjs'), '512'], limits: { memoryBytes: 128 * MiB } });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'limit', reason: 'memory', leftovers: 0 });
    expect(result.message).toMatch(/hit its memory limit \(128 MiB\)/);
    expect(result.exitCode).toBeLessThan(0); // killed, by the kernel or by the supervisor
    expect(run.events.some((e) => e.type === 'process.output' && e.text.includes('allocated'))).toBe(false);
    // The other run was not touched.
    expect(bystander.events.at(-1)?.type).not.toBe('run.ended');
    expect((await bystander.cancel()).status).toBe('cancelled');
  });

  it('ends a run at its wall time with status `timeout`', async () => {
    const run = supervisor.startRun({ command: ['sleep', '1000'], limits: { wallMs: 300 } });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'timeout', reason: 'wall', exitCode: -15, leftovers: 0 });
    expect(result.message).toBe(`Run "${run.id}" timed out after 300 ms`);
    expect(result.durationMs).toBeGreaterThanOrEqual(300);
  });

  it('ends a process that burns its CPU seconds with `limit: cpu`', async () => {
    const run = supervisor.startRun({ command: ['sh', '-c', 'while :; do :; done'], limits: { cpuSeconds: 1 } });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'limit', reason: 'cpu', leftovers: 0 });
    expect(result.exitCode).toBe(-24); // SIGXCPU
  });

  it('forwards at most the output limit of a flood, then exactly one output.truncated', async () => {
    const run = supervisor.startRun({ command: ['timeout', '2', 'yes'], limits: { outputBytes: 256 * 1024 } });
    const result = await run.result;
    expect(result.status).toBe('completed');
    const output = run.events.filter((e): e is Extract<ForkscopeEvent, { type: 'process.output' }> => e.type === 'process.output');
    const forwarded = output.reduce((sum, e) => sum + Buffer.byteLength(e.text), 0);
    expect(forwarded).toBe(256 * 1024);
    const truncated = run.events.filter((e) => e.type === 'output.truncated');
    expect(truncated).toHaveLength(1);
    expect(result.outputDroppedBytes).toBeGreaterThan(0);
    expect(run.events.at(-1)?.type).toBe('run.ended');
  });
});
