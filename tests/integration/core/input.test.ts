// input()/inputLines() read the lines the run addresses to the process's pid (contract 2), and the
// net/var helpers put a program's own facts on the timeline.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('run input', () => {
  it('delivers each process its own lines, then end of input', async () => {
    const run = await runs.run('input-echo.ts', { input: (_pid, isRoot) => (isRoot ? ['bob'] : ['hello', '', 'from client one']) });
    expect(run.exit.exitCode).toBe(0);
    const [child] = ofType(run.records, 'process.spawned');
    expect(outputOf(run.records, run.rootPid)).toBe('name? hello bob\nERR_INPUT_EOF\n');
    expect(outputOf(run.records, child!.pid)).toBe('child got HELLO\nchild got \nchild got FROM CLIENT ONE\nchild input ended\n');
    expect(ofType(run.records, 'net.listening')).toEqual([expect.objectContaining({ pid: run.rootPid, port: 9000 })]);
    expect(ofType(run.records, 'net.accepted')).toEqual([expect.objectContaining({ pid: run.rootPid, port: 9000, peer: '127.0.0.1:50000' })]);
  });

  it('reads process.stdin outside a run: at its end input() rejects with ERR_INPUT_EOF', async () => {
    const run = await runs.run('input-echo.ts', { traced: false });
    expect(run.exit.exitCode).toBe(1);
    expect(run.rawStderr()).toMatch(/ProcessError: No more input for process "MainProcess" \(pid \d+\): its input ended \(EOF when reading a line\)/);
  });
});
