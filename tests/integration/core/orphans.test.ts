// SEMANTICS rules 15–16: a killed or terminated process runs no clean-up, and its children, daemonic or
// not, live on as orphans that keep reporting their own events after their parent died.
import { afterEach, describe, expect, it } from 'vitest';
import { isLive, kernelPpid, ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe.each([
  { how: 'kill', daemon: false, exitCode: -9 },
  { how: 'terminate', daemon: true, exitCode: -15 },
] as const)('$how of a parent whose child is daemon=$daemon', ({ how, daemon, exitCode }) => {
  it('leaves the grandchild running as an orphan that keeps reporting', { timeout: 90_000 }, async () => {
    const run = await runs.start('orphans.ts', { params: { how, daemon } });
    const middle = await run.waitFor((r) => r.type === 'process.spawned' && r.name === 'M');
    const grandchild = await run.waitFor((r) => r.type === 'process.spawned' && r.name === 'G');
    expect(grandchild).toMatchObject({ ppid: middle.pid, daemon });
    await run.waitFor((r) => r.type === 'process.running' && r.pid === grandchild.pid);
    // before: a live process whose kernel parent is the middle process
    expect(isLive(grandchild.pid)).toBe(true);
    expect(kernelPpid(grandchild.pid)).toBe(middle.pid);

    const exit = await run.exited;
    expect(exit.exitCode).toBe(0);
    // the middle process is gone, reaped by the root with the signal's code; it ran no clean-up
    expect(ofType(run.records, 'process.exited', middle.pid)).toEqual([expect.objectContaining({ exitCode, reapedBy: run.rootPid })]);
    expect(isLive(middle.pid)).toBe(false);
    expect(outputOf(run.records, middle.pid)).not.toContain('middle finally');
    expect(ofType(run.records, 'process.main-ended', middle.pid)).toEqual([]);
    expect(ofType(run.records, 'process.daemon-killed')).toEqual([]);
    // after: the orphan is still alive, re-parented away from its dead parent
    expect(isLive(grandchild.pid)).toBe(true);
    expect(kernelPpid(grandchild.pid)).not.toBe(middle.pid);

    run.touch('parent-gone');
    await run.channelClosed;
    // every tick arrived, from the orphan's own pid, after its parent's death, with its new ppid
    const ticks = outputOf(run.records, grandchild.pid).trim().split('\n');
    expect(ticks).toHaveLength(20);
    expect(ticks.every((line, i) => line.startsWith(`tick ${i} ppid=`) && !line.endsWith(`ppid=${middle.pid}`))).toBe(true);
    expect(ofType(run.records, 'process.main-ended', grandchild.pid)).toHaveLength(1);
    expect(isLive(grandchild.pid)).toBe(false);
  });
});
