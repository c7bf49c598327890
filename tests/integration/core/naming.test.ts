// SEMANTICS rules 2–6: names, the construction counter, subclasses, current/parent process.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('process names', () => {
  it('numbers constructions per process, resets the counter in each child, and keeps the start-time name in the child', async () => {
    const run = await runs.run('naming.ts');
    expect(run.exit.exitCode).toBe(0);
    expect(outputOf(run.records, run.rootPid).split('\n')).toEqual([
      'names Process-1 Process-2 Sub-3 custom Process-5 哪吒 MainProcess null',
      'active renamed-after-start',
      'after renamed-after-start 0 Process-9',
      '',
    ]);
    const spawned = ofType(run.records, 'process.spawned');
    expect(spawned.map((s) => s.name)).toEqual(['Process-1', 'Process-1:1', 'Process-1:2', '哪吒', 'orig']);
    const [p1, g1, g2, m6, orig] = spawned;
    expect(outputOf(run.records, p1!.pid)).toBe('child Process-1 made Process-1:1 Process-1:2\n');
    expect(outputOf(run.records, g1!.pid)).toBe('grandchild Process-1:1 parent=Process-1\n');
    expect(outputOf(run.records, g2!.pid)).toBe('grandchild Process-1:2 parent=Process-1\n');
    expect(outputOf(run.records, m6!.pid)).toBe('subclass 哪吒 哪吒 true true\n');
    // rule 5: renaming after start() changes only the parent's object
    expect(outputOf(run.records, orig!.pid)).toBe('started-as orig\n');
    // the running record carries the child's own name, its ppid the parent that started it
    for (const s of spawned) {
      const running = ofType(run.records, 'process.running', s.pid);
      expect(running).toEqual([expect.objectContaining({ name: s.name, ppid: s.ppid })]);
    }
    expect(g1!.ppid).toBe(p1!.pid);
    expect(ofType(run.records, 'process.running', run.rootPid)).toEqual([expect.objectContaining({ name: 'MainProcess' })]);
    expect(m6!.target).toBe('MyProcess');
    expect(p1!.target).toBe('child');
  });
});
