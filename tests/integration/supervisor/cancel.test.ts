// Cancel leaves nothing: random cancels of a tree full of escapees, and cancels that race the cgroup join.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import { fixture, liveTagged, unitDirs } from './oracle.js';
import { randomCancels } from './stress.js';

const supervisor = createSupervisor({ graceMs: 300 });

afterAll(async () => {
  await supervisor.close();
});

describe('cancel', () => {
  it('kills a child, a double-fork orphan, a setsid daemon, a TERM-ignorer and a nohup sleeper', async () => {
    const run = supervisor.startRun({ command: [fixture('tree.sh')] });
    await new Promise<void>((resolve) => run.subscribe((e) => e.type === 'process.output' && e.text.includes('ready') && resolve()));
    // Wait until the kernel sampler has seen the whole tree (7 processes at least).
    await expect.poll(() => run.events.filter((e) => e.type === 'process.spawned').length, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(7);
    const result = await run.cancel();
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancel', leftovers: 0 });
    expect(result.message).toMatch(new RegExp(`^Run "${run.id}" was cancelled after \\d+ ms$`));
    expect(liveTagged([run.id])).toEqual([]);
    expect(unitDirs(process.pid)).toEqual([]);
    expect(run.events.at(-1)).toMatchObject({ type: 'run.ended', status: 'cancelled', leftovers: 0 });
    // cancel() after the end returns the same result.
    expect(await run.cancel()).toBe(result);
  });

  it('20 runs, 8 at a time, cancelled at random 0–400 ms: 0 processes and 0 cgroups left', async () => {
    const report = await randomCancels(supervisor, 20, 8, 400);
    expect(report).toMatchObject({ runs: 20, reportedLeftovers: 0, liveAfter: 0, unitsAfter: 0 });
  }, 120_000);

  it('50 cancels within 0–5 ms of start (racing the cgroup join): 0 left', async () => {
    const report = await randomCancels(supervisor, 50, 4, 5);
    expect(report).toMatchObject({ runs: 50, reportedLeftovers: 0, liveAfter: 0, unitsAfter: 0 });
  }, 120_000);

  it('a synchronous cancel right after startRun never spawns and still ends the stream', async () => {
    const run = supervisor.startRun({ command: [fixture('tree.sh')] });
    const result = await run.cancel();
    expect(result).toMatchObject({ status: 'cancelled', exitCode: null, leftovers: 0 });
    expect(run.events.map((e) => e.type)).toEqual(['run.started', 'run.ended']);
  });
});
