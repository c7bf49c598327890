// The run's reaper against the real kernel: it is the root's parent and never a lane; an orphan of the run is
// re-parented to it, and its real exit status is collected at once; the run waits for its orphans; and the
// reaper ends with the run, on completion and on cancel, leaving nothing behind.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { readStat } from '../../../packages/supervisor/src/proc-table.js';
import { fixture, liveTagged, unitDirs } from './oracle.js';

const supervisor = createSupervisor({ graceMs: 500 });

afterAll(async () => {
  await supervisor.close();
  expect(unitDirs(process.pid)).toEqual([]);
});

const ofType = <T extends ForkscopeEvent['type']>(events: readonly ForkscopeEvent[], type: T) =>
  events.filter((e): e is Extract<ForkscopeEvent, { type: T }> => e.type === type);

describe('the run reaper', () => {
  it('was built at install (packages/supervisor/scripts/build-native.mjs needs a C compiler)', () => {
    expect(supervisor.warnings.filter((w) => w.startsWith('No run reaper'))).toEqual([]);
  });

  it("adopts the run's orphan and reports its real exit code; the run ends after it, and the reaper with it", async () => {
    const run = supervisor.startRun({ command: [fixture('orphan.sh')] });
    let reaperPid = 0;
    let reaperWasOurs = false;
    run.subscribe((e) => {
      if (e.type === 'process.spawned' && e.name === 'MainProcess') {
        reaperPid = e.ppid;
        // While the run goes on, the reaper is the supervisor's own child.
        reaperWasOurs = readStat(reaperPid)?.ppid === process.pid;
      }
    });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const { events } = run;
    const root = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!;
    expect(reaperPid).toBe(root.ppid);
    expect(reaperPid).not.toBe(process.pid);
    expect(reaperWasOurs).toBe(true);
    // The reaper is machinery: no lane, no event of its own.
    expect(events.filter((e) => e.pid === reaperPid)).toEqual([]);

    // The orphan (`sh -c "sleep …; exit 5"`): re-parented to the reaper when its parent ended, reaped by it with code 5.
    const orphanExit = ofType(events, 'process.exited').find((e) => e.exitCode === 5)!;
    expect(orphanExit).toMatchObject({ signal: null, reapedBy: reaperPid });
    expect(ofType(events, 'process.reparented').filter((e) => e.pid === orphanExit.pid)).toEqual([
      expect.objectContaining({ to: reaperPid, reaper: true }),
    ]);
    // It outlived the root, and the run waited for it.
    const rootExit = ofType(events, 'process.exited').find((e) => e.pid === root.pid)!;
    expect(rootExit).toMatchObject({ exitCode: 0, reapedBy: reaperPid });
    expect(orphanExit.t).toBeGreaterThan(rootExit.t);
    // Every process the run announced has a known exit code: the reaper or a parent that reports collected it.
    const announced = new Set(ofType(events, 'process.spawned').map((e) => e.pid));
    const exits = ofType(events, 'process.exited');
    expect(new Set(exits.map((e) => e.pid))).toEqual(announced);
    // The reaper is gone with the run: no process, no zombie, nothing tagged with the run.
    expect(readStat(reaperPid)).toBeNull();
    expect(readStat(orphanExit.pid)).toBeNull();
    expect(liveTagged([run.id])).toEqual([]);
  });

  it('ends with a cancelled run whose orphan still runs, and leaves nothing', async () => {
    const run = supervisor.startRun({ command: [fixture('orphan.sh'), '30'] });
    const orphan = await new Promise<number>((resolve) =>
      run.subscribe((e) => {
        if (e.type === 'process.reparented' && e.reaper) resolve(e.pid);
      }),
    );
    const root = ofType(run.events, 'process.spawned').find((e) => e.name === 'MainProcess')!;
    // The root has ended; the orphan keeps the run (and its reaper) alive.
    await expect.poll(() => ofType(run.events, 'process.exited').some((e) => e.pid === root.pid), { timeout: 5000, interval: 10 }).toBe(true);
    expect(readStat(root.ppid)).not.toBeNull();
    const result = await run.cancel();
    expect(result).toMatchObject({ status: 'cancelled', leftovers: 0 });
    // The orphan's end by the cancel's SIGTERM was collected by the reaper, which then ended itself.
    expect(ofType(run.events, 'process.exited').find((e) => e.pid === orphan)).toMatchObject({ exitCode: -15, signal: 'SIGTERM', reapedBy: root.ppid });
    expect(readStat(root.ppid)).toBeNull();
    expect(liveTagged([run.id])).toEqual([]);
  });
});

describe('without the reaper', () => {
  it('starts the root as the supervisor’s own child, and init reaps orphans with their code unknown', async () => {
    const plain = createSupervisor({ graceMs: 500, reaper: false, watchdog: false, sweep: false });
    try {
      const run = plain.startRun({ command: [fixture('orphan.sh')] });
      const result = await run.result;
      expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
      const root = ofType(run.events, 'process.spawned').find((e) => e.name === 'MainProcess')!;
      expect(root.ppid).toBe(process.pid);
      expect(ofType(run.events, 'process.exited').find((e) => e.pid === root.pid)).toMatchObject({ exitCode: 0, reapedBy: process.pid });
      expect(ofType(run.events, 'process.exited').some((e) => e.exitCode === 5)).toBe(false);
      expect(ofType(run.events, 'process.reparented').every((e) => e.reaper === undefined)).toBe(true);
      expect(plain.warnings.some((w) => w.startsWith('No run reaper'))).toBe(true);
    } finally {
      await plain.close();
    }
  });
});
