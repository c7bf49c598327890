// SEMANTICS rules 23–24: when a process's own code ends, its daemonic children get SIGTERM first and
// then every child is joined, in the main process and in every child alike.
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceRecord } from '@forkscope/protocol';
import { indexOf, ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

function expectDaemonKilledThenJoined(records: TraceRecord[], parent: number): void {
  const spawned = ofType(records, 'process.spawned').filter((s) => s.ppid === parent);
  const daemon = spawned.find((s) => s.name === 'D')!;
  const worker = spawned.find((s) => s.name === 'W')!;
  expect(daemon.daemon).toBe(true);
  expect(worker.daemon).toBe(false);
  const at = (predicate: (r: TraceRecord) => boolean): number => {
    const index = indexOf(records, predicate);
    expect(index, 'record missing').toBeGreaterThanOrEqual(0);
    return index;
  };
  const mainEnded = at((r) => r.type === 'process.main-ended' && r.pid === parent);
  const killed = at((r) => r.type === 'process.daemon-killed' && r.pid === daemon.pid && r.by === parent);
  const joiningDaemon = at((r) => r.type === 'process.joining' && r.pid === parent && r.target === daemon.pid);
  const joiningWorker = at((r) => r.type === 'process.joining' && r.pid === parent && r.target === worker.pid);
  const workerExit = at((r) => r.type === 'process.exited' && r.pid === worker.pid);
  const daemonExit = at((r) => r.type === 'process.exited' && r.pid === daemon.pid);
  // SIGTERM to the daemon first, the moment the code ended; only then the joins
  expect(mainEnded).toBeLessThan(killed);
  expect(killed).toBeLessThan(joiningDaemon);
  expect(killed).toBeLessThan(joiningWorker);
  // the daemon dies of the SIGTERM, the worker runs to completion, both reaped by the parent
  expect(ofType(records, 'process.exited', daemon.pid)).toEqual([expect.objectContaining({ exitCode: -15, signal: 'SIGTERM', reapedBy: parent })]);
  expect(ofType(records, 'process.exited', worker.pid)).toEqual([expect.objectContaining({ exitCode: 0, reapedBy: parent })]);
  expect(workerExit).toBeGreaterThan(mainEnded);
  expect(daemonExit).toBeGreaterThan(killed);
  expect(outputOf(records, worker.pid)).toBe('worker end\n');
  expect(outputOf(records, daemon.pid)).not.toContain('daemon end');
  // the parent's own last record comes after both children were reaped
  const lastOfParent = records.map((r) => r.pid).lastIndexOf(parent);
  expect(lastOfParent).toBeGreaterThan(Math.max(workerExit, daemonExit));
}

describe('end of a process\'s own code', () => {
  it('main: SIGTERM to daemons, then join all children, then exit', async () => {
    const run = await runs.run('exit-order.ts');
    expect(run.exit.exitCode).toBe(0);
    expect(outputOf(run.records, run.rootPid)).toBe('main code finished\n');
    expectDaemonKilledThenJoined(run.records, run.rootPid);
  });

  it('a child does the same before it exits, and its parent\'s join waits for it', async () => {
    const run = await runs.run('exit-order.ts', { params: { inChild: true } });
    expect(run.exit.exitCode).toBe(0);
    const middle = ofType(run.records, 'process.spawned').find((s) => s.name === 'M')!;
    expect(outputOf(run.records, middle.pid)).toBe('middle code finished\n');
    expectDaemonKilledThenJoined(run.records, middle.pid);
    const workerExit = ofType(run.records, 'process.exited').find((e) => e.reapedBy === middle.pid && e.exitCode === 0)!;
    const middleExit = ofType(run.records, 'process.exited', middle.pid)[0]!;
    expect(middleExit).toMatchObject({ exitCode: 0, reapedBy: run.rootPid });
    expect(run.records.indexOf(middleExit)).toBeGreaterThan(run.records.indexOf(workerExit));
    expect(outputOf(run.records, run.rootPid)).toBe('M exitCode 0\n');
  });
});

describe('main code that fails', () => {
  it.each([
    { how: 'throw', exitCode: 1 },
    { how: 'exit', exitCode: 3 },
  ] as const)('still terminates daemons and joins children before exiting ($how → $exitCode)', async ({ how, exitCode }) => {
    const run = await runs.run('main-fails.ts', { params: { how } });
    expect(run.exit.exitCode).toBe(exitCode);
    expectDaemonKilledThenJoined(run.records, run.rootPid);
    const stderr = outputOf(run.records, run.rootPid, 'stderr');
    if (how === 'throw') {
      expect(stderr).toMatch(/^ReferenceError: time is not defined\n {4}at main \(.*main-fails\.ts:19:9\)/);
      expect(ofType(run.records, 'process.error', run.rootPid)).toEqual([expect.objectContaining({ errorType: 'ReferenceError', message: 'time is not defined' })]);
    } else {
      expect(stderr).toBe('');
      expect(ofType(run.records, 'process.error')).toEqual([]);
    }
  });
});
