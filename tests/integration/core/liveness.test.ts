// SEMANTICS rules 13, 14, 18, 20: a started pid is a real live process until its exit is seen; terminate()
// is asynchronous; join(timeout) returns with the child still running and never fails on timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { isLive, kernelPpid, ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('liveness', () => {
  it('reports a live pid, terminates asynchronously, and joins with timeouts', { timeout: 90_000 }, async () => {
    const run = await runs.start('liveness.ts');
    const sleeper = await run.waitFor((r) => r.type === 'process.spawned' && r.name === 'sleeper');
    await run.waitFor((r) => r.type === 'process.output' && r.pid === run.rootPid && r.text.startsWith('after join(0.2)'));
    expect(isLive(sleeper.pid)).toBe(true);
    expect(kernelPpid(sleeper.pid)).toBe(run.rootPid);
    run.touch('terminate');
    await run.waitFor((r) => r.type === 'process.exited' && r.pid === sleeper.pid);
    expect(isLive(sleeper.pid)).toBe(false);
    const exit = await run.exited;
    await run.channelClosed;
    expect(exit.exitCode).toBe(0);
    expect(outputOf(run.records, run.rootPid)).toBe(
      ['after join(0.2): true null', 'right after terminate: true null', 'after join: false -15', 'terminate after exit: 0', ''].join('\n'),
    );
    const joins = ofType(run.records, 'process.joined').filter((j) => j.target === sleeper.pid);
    expect(joins.map((j) => j.timedOut)).toEqual([true, true, true, false]);
    const joinings = ofType(run.records, 'process.joining').filter((j) => j.target === sleeper.pid);
    expect(joinings.map((j) => j.timeoutMs)).toEqual([200, 0, 0, null]);
    expect(ofType(run.records, 'process.terminating')).toEqual([expect.objectContaining({ pid: run.rootPid, target: sleeper.pid, signal: 'SIGTERM' })]);
    const checks = ofType(run.records, 'process.alive-checked').filter((c) => c.target === sleeper.pid);
    expect(checks.map((c) => c.alive)).toEqual([true, true, false]);
  });
});
