// SEMANTICS rule 11: exit codes, and the `Process <name>:` header with the stack of an uncaught error.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('exit codes', () => {
  it('gives 0 on return, 1 on an uncaught error, N for exit(N), −15/−9 for terminate/kill', { timeout: 120_000 }, async () => {
    const run = await runs.run('exit-codes.ts');
    expect(run.exit.exitCode).toBe(0);
    const lines = outputOf(run.records, run.rootPid).trim().split('\n');
    const codes = Object.fromEntries(lines.map((line) => [line.split(' ')[0], Number(line.split(' ')[3])]));
    expect(codes).toEqual({
      return: 0,
      throw: 1,
      reject: 1,
      'callback-throw': 1,
      'exit()': 0,
      'exit(0)': 0,
      'exit(3)': 3,
      'exit(256)': 0,
      'exit(-1)': 255,
      'exit("msg")': 1,
      'exit(true)': 1,
      terminate: -15,
      kill: -9,
    });
    expect(lines.at(-2)).toMatch(/^terminate Process-12 (\d+) -15 <Process name='Process-12' pid=\1 parent=\d+ stopped exitcode=-SIGTERM>$/);

    // every exit is reported by the parent that reaped it, with the same code and the signal's name
    const exited = ofType(run.records, 'process.exited');
    const byName = new Map(ofType(run.records, 'process.spawned').map((s) => [s.name, s.pid]));
    const exitOf = (name: string) => exited.find((e) => e.pid === byName.get(name));
    expect(exitOf('Process-2')).toMatchObject({ exitCode: 1, signal: null, reapedBy: run.rootPid });
    expect(exitOf('Process-12')).toMatchObject({ exitCode: -15, signal: 'SIGTERM', reapedBy: run.rootPid });
    expect(exitOf('Process-13')).toMatchObject({ exitCode: -9, signal: 'SIGKILL', reapedBy: run.rootPid });

    // uncaught error: a `Process <name>:` header, then the error and its stack in the program's source
    const thrower = byName.get('Process-2')!;
    const stderr = outputOf(run.records, thrower, 'stderr');
    expect(stderr).toMatch(/^Process Process-2:\nValueError: bad thing\n {4}at .*raises.* \(.*exit-codes\.ts:13:9\)\n/);
    expect(ofType(run.records, 'process.error', thrower)).toEqual([
      expect.objectContaining({ errorType: 'ValueError', message: 'bad thing', stack: expect.stringContaining('exit-codes.ts:13:9') }),
    ]);
    expect(outputOf(run.records, byName.get('Process-4')!, 'stderr')).toMatch(/^Process Process-4:\nValueError: bad in a callback\n/);
    // exit('msg') prints the message, as sys.exit('msg') does; exit(n) prints nothing
    expect(outputOf(run.records, byName.get('Process-10')!, 'stderr')).toBe('msg\n');
    expect(outputOf(run.records, byName.get('Process-7')!, 'stderr')).toBe('');
    // killed processes run no clean-up: no main-ended, no running code after the signal
    expect(ofType(run.records, 'process.main-ended', byName.get('Process-13'))).toEqual([]);
  });
});
