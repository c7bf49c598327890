// Many runs in a row must not grow the server: memory and open file descriptors return to the baseline.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import { unitDirs } from './oracle.js';
import { sequentialRuns } from './stress.js';

const supervisor = createSupervisor({ graceMs: 300 });

afterAll(async () => {
  await supervisor.close();
});

describe('resource leaks', () => {
  it('50 sequential runs: server RSS and open fds within 10 % of the baseline, no cgroup left', async () => {
    // The warm-up lets RSS level off first (allocator arenas keep growing for a few dozen runs); a leak
    // still shows as growth over the measured runs.
    const report = await sequentialRuns(supervisor, 50, 80);
    expect(report.failed).toBe(0);
    expect(report.fdRatio).toBeLessThanOrEqual(1.1);
    expect(report.heapRatio).toBeLessThanOrEqual(1.1);
    expect(report.rssRatio).toBeLessThanOrEqual(1.1);
    expect(unitDirs(process.pid)).toEqual([]);
  }, 180_000);
});
