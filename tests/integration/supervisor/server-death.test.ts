// A server killed with SIGKILL leaves nothing: the watchdog kills its units at once; if the watchdog died too,
// the next supervisor's start-up sweep does.
import { describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import { isLive, liveTagged, unitDirs } from './oracle.js';
import { runDirs, startServer } from './server-fixture.js';

describe('server death', () => {
  it('SIGKILL with 3 live runs: the watchdog leaves 0 processes and 0 cgroups within 2 s', async () => {
    const server = await startServer();
    const ids = server.runs.map((r) => r.id);
    expect(liveTagged(ids).length).toBeGreaterThanOrEqual(3 * 5);
    process.kill(server.pid, 'SIGKILL');
    await expect.poll(() => liveTagged(ids).length === 0 && unitDirs(server.pid).length === 0, { timeout: 2000, interval: 10 }).toBe(true);
    await expect.poll(() => !isLive(server.watchdogPid) && runDirs(server.pid).length === 0, { timeout: 2000, interval: 10 }).toBe(true);
  });

  it('SIGKILL of the server and its watchdog: the next supervisor sweeps to 0 within 2 s', async () => {
    const server = await startServer();
    const ids = server.runs.map((r) => r.id);
    process.kill(server.watchdogPid, 'SIGKILL');
    process.kill(server.pid, 'SIGKILL');
    await expect.poll(() => !isLive(server.pid), { timeout: 2000, interval: 10 }).toBe(true);
    // Nobody is left to clean up: the runs are still there (this is what the sweep is for).
    expect(liveTagged(ids).length).toBeGreaterThanOrEqual(3 * 5);
    const next = createSupervisor();
    const report = await next.swept;
    expect(report.failed).toEqual([]);
    await expect.poll(() => liveTagged(ids).length === 0 && unitDirs(server.pid).length === 0, { timeout: 2000, interval: 10 }).toBe(true);
    expect(runDirs(server.pid)).toEqual([]);
    await next.close();
  });
});
