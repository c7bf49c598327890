// SEMANTICS rules 1 and 29 (spawn flavour): a child has only the module's top-level state, its changes
// never reach the parent, and args are a structured-clone snapshot taken at start().
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('data isolation', () => {
  it('gives the child its own copy of module state and of the args', async () => {
    const run = await runs.run('isolation.ts');
    expect(run.exit.exitCode).toBe(0);
    const [child] = ofType(run.records, 'process.spawned');
    expect(outputOf(run.records, child!.pid)).toBe('child n=1 items=1,99 label=changed after construction\n');
    expect(outputOf(run.records, run.rootPid)).toBe('parent n=100 items=1,2\n');
    expect(ofType(run.records, 'process.var').map((v) => [v.pid, v.name, v.value])).toEqual([
      [run.rootPid, 'n', 100],
      [child!.pid, 'n', 0],
      [run.rootPid, 'n', 100],
    ]);
  });
});
