// The root's standbys (runtime/standby-pool.ts): children that take one run in the parent's world of their
// start() (environment, directory), as its real children; past the pool, children start the cold way; and
// no standby outlives the root or becomes a lane unless a start() took it.
import { tmpdir } from 'node:os';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { createSupervisor } from '@forkscope/supervisor';
import { ofType, outputOf, programsDir, runRegistry } from '../../fixtures/traced-run.js';
import { isLive } from '../../support/process-table.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

describe('standbys', () => {
  it("run a child in its parent's world of start(), as the parent's own child; a burst goes on the cold way", { timeout: 60_000 }, async () => {
    const cwd = tmpdir();
    const run = await runs.run('standby.ts', { params: { burst: 4, cwd } });
    expect(run.exit.exitCode).toBe(0);
    const standbys = ofType(run.records, 'process.standby');
    expect(standbys.length).toBeGreaterThanOrEqual(2);
    expect(standbys.every((s) => s.ppid === run.rootPid)).toBe(true);
    const children = ofType(run.records, 'process.spawned');
    expect(children).toHaveLength(4);
    // The first two start() calls took the two standbys made before main ran; the others spawned a new Node.
    const taken = new Set(standbys.slice(0, 2).map((s) => s.pid));
    expect(children.slice(0, 2).every((c) => taken.has(c.pid))).toBe(true);
    expect(children.slice(2).some((c) => taken.has(c.pid))).toBe(false);
    for (const child of children) {
      expect(outputOf(run.records, child.pid)).toBe(`child: X=set-before-start cwd=${cwd} ppid=${run.rootPid}\n`);
      expect(ofType(run.records, 'process.running', child.pid)).toEqual([expect.objectContaining({ ppid: run.rootPid })]);
      expect(ofType(run.records, 'process.exited', child.pid)).toEqual([expect.objectContaining({ exitCode: 0, reapedBy: run.rootPid })]);
    }
    expect(outputOf(run.records, run.rootPid)).toBe('main: 0,0,0,0\n');
    // Unused standbys died with the end of the root's code: none is left (cleanUp above checks the tag too).
    for (const s of standbys) expect(isLive(s.pid)).toBe(false);
  });

  it('are never lanes in a run unless taken, and leave nothing behind', { timeout: 60_000 }, async () => {
    const run = supervisor.startRun({ program: { file: `${programsDir}standby.ts` }, driver: 'node', params: { burst: 1, cwd: tmpdir() } });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const of = <T extends ForkscopeEvent['type']>(type: T) => run.events.filter((e): e is Extract<ForkscopeEvent, { type: T }> => e.type === type);
    const spawned = new Set(of('process.spawned').map((e) => e.pid));
    const idle = of('process.standby').filter((s) => !spawned.has(s.pid));
    expect(idle.length).toBeGreaterThanOrEqual(1);
    // No event at all is about an idle standby but its announcement: no lane, state, exit or re-parenting.
    for (const s of idle) expect(run.events.filter((e) => e.pid === s.pid).map((e) => e.type)).toEqual(['process.standby']);
    expect(of('process.spawned').filter((e) => e.discovered)).toEqual([]);
  });
});
