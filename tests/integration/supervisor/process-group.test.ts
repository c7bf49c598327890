// The fallback containment (no cgroups): a process group plus the /proc tag sweep, with an honest warning.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import { fixture, liveTagged } from './oracle.js';

const supervisor = createSupervisor({ cgroupRoot: null, graceMs: 300 });

afterAll(async () => {
  await supervisor.close();
});

describe('process-group containment', () => {
  it('says which containment is active and warns about setsid escapees', async () => {
    expect(supervisor.containment).toBe('process-group');
    const run = supervisor.startRun({ command: ['true'] });
    await run.result;
    const started = run.events[0];
    expect(started).toMatchObject({ type: 'run.started', containment: 'process-group' });
    expect(started?.type === 'run.started' && started.warnings.join(' ')).toMatch(/setsid/);
    expect(started?.type === 'run.started' && started.limits.memoryBytes).toBeNull();
  });

  it('cancel still leaves nothing of a tree with a setsid daemon (found by its tag)', async () => {
    const run = supervisor.startRun({ command: [fixture('tree.sh')] });
    await new Promise<void>((resolve) => run.subscribe((e) => e.type === 'process.output' && e.text.includes('ready') && resolve()));
    await expect.poll(() => liveTagged([run.id]).length, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(7);
    const result = await run.cancel();
    expect(result).toMatchObject({ status: 'cancelled', leftovers: 0 });
    expect(liveTagged([run.id])).toEqual([]);
  });
});
