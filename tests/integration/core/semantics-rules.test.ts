// SEMANTICS rules 8, 9, 19 and 26 in the TS twin (the python driver's side, with 17 and 30:
// tests/integration/python/semantics-rules.test.ts). Rules 17, 19 (the sentinel) and 30 cannot hold in
// JavaScript: packages/core/README.md says why, and what the twin does instead — 19's difference is tested here.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('SEMANTICS rules in the TS twin', () => {
  it('8: start() returns before the child has run its target', { timeout: 60_000 }, async () => {
    const run = await runs.run('rules.ts', { params: { rule: 8 } });
    expect(run.exit.exitCode).toBe(0);
    const [child] = ofType(run.records, 'process.spawned');
    // The child's line waited for a file main made only after start() had returned: no deadlock, main first.
    expect(outputOf(run.records, run.rootPid)).toBe('main: start() returned; pid set: true; alive: true\nmain: exitcode 0\n');
    expect(outputOf(run.records, child!.pid)).toBe('child: the gate was open\n');
    const mainLine = run.records.findIndex((r) => r.type === 'process.output' && r.pid === run.rootPid);
    expect(run.records.findIndex((r) => r.type === 'process.output' && r.pid === child!.pid)).toBeGreaterThan(mainLine);
  });

  it('9: a line printed before start() appears once, before the child runs (nothing is ever left in a buffer)', { timeout: 60_000 }, async () => {
    const run = await runs.run('rules.ts', { params: { rule: 9 } });
    const [child] = ofType(run.records, 'process.spawned');
    expect(outputOf(run.records, run.rootPid)).toBe('main: before start()\n');
    expect(outputOf(run.records, child!.pid)).toBe('child: ran\n');
    const before = run.records.findIndex((r) => r.type === 'process.output' && r.pid === run.rootPid);
    expect(before).toBeLessThan(run.records.findIndex((r) => r.type === 'process.spawned'));
  });

  it("19 (the twin's difference): with no sentinel pipe, join(timeout) ends at the child's exit although an orphan lives on", { timeout: 60_000 }, async () => {
    const run = await runs.run('rules.ts', { params: { rule: 19 } });
    expect(run.exit.exitCode).toBe(0);
    const child = ofType(run.records, 'process.spawned').find((r) => r.ppid === run.rootPid)!;
    const grandchild = ofType(run.records, 'process.spawned').find((r) => r.ppid === child.pid)!;
    expect(ofType(run.records, 'process.joined', run.rootPid)).toEqual([expect.objectContaining({ target: child.pid, timedOut: false })]);
    expect(outputOf(run.records, run.rootPid)).toBe('main: join(30) returned; exitcode -15\n');
    await run.channelClosed;
    expect(outputOf(run.records, grandchild.pid)).toBe('grandchild: done\n');
    const returned = run.records.findIndex((r) => r.type === 'process.output' && r.pid === run.rootPid);
    const done = run.records.findIndex((r) => r.type === 'process.output' && r.pid === grandchild.pid);
    expect(returned).toBeLessThan(done);
  });

  it('26: pid is ident, null before start and kept after the exit; currentProcess().pid is the own pid', { timeout: 60_000 }, async () => {
    const run = await runs.run('rules.ts', { params: { rule: 26 } });
    const [child] = ofType(run.records, 'process.spawned');
    const pid = child!.pid;
    expect(outputOf(run.records, run.rootPid).split('\n')).toEqual([
      'before start: pid null ident null; sentinel provided: false',
      `after start: pid ${pid}; pid is ident: true`,
      `after exit: pid ${pid}; ident ${pid}; exitcode 0`,
      'currentProcess().pid === getpid(): true',
      'after close: pid throws ERR_PROCESS_CLOSED',
      '',
    ]);
  });
});
