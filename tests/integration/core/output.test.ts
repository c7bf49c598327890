// Output is attributed to the exact pid that wrote it, in order, with nothing lost, also under heavy
// interleaving; outside a run (no FORKSCOPE_RUN) the same program prints normally.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

describe('output attribution', () => {
  it('keeps 5 × 10k interleaved lines per pid, in order, none lost, none misattributed', { timeout: 180_000 }, async () => {
    const run = await runs.run('interleave.ts', { params: { children: 5, lines: 10_000 } });
    expect(run.exit.exitCode).toBe(0);
    const children = ofType(run.records, 'process.spawned');
    expect(children).toHaveLength(5);
    for (const child of children) {
      const expected = Array.from({ length: 10_000 }, (_, i) => `${child.name} line ${i}\n`).join('');
      expect(outputOf(run.records, child.pid) === expected, `stdout of ${child.name}`).toBe(true);
      const expectedErr = Array.from({ length: 10 }, (_, i) => `${child.name} err ${i * 1000}\n`).join('');
      expect(outputOf(run.records, child.pid, 'stderr')).toBe(expectedErr);
    }
    // the runs really interleaved: some child's line arrived between two lines of another child
    const outputPids = ofType(run.records, 'process.output').map((r) => r.pid);
    const switches = outputPids.filter((pid, i) => i > 0 && pid !== outputPids[i - 1]).length;
    expect(switches).toBeGreaterThan(5);
    // per-process time stamps never go backwards
    for (const child of children) {
      const times = run.records.filter((r) => r.pid === child.pid).map((r) => r.tm);
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    }
    expect(outputOf(run.records, run.rootPid)).toBe('exit codes 0,0,0,0,0\n');
    // nothing bypassed the tracer
    expect(run.rawStdout()).toBe('');
    expect(run.rawStderr()).toBe('');
  });

  it('splits a long write into records of at most 4000 bytes without breaking a character', async () => {
    const run = await runs.run('long-output.ts');
    expect(run.exit.exitCode).toBe(0);
    const [child] = ofType(run.records, 'process.spawned');
    const records = ofType(run.records, 'process.output', child!.pid);
    expect(records.length).toBeGreaterThan(3);
    for (const record of records) expect(Buffer.byteLength(JSON.stringify(record)) + 1).toBeLessThanOrEqual(4000);
    expect(outputOf(run.records, child!.pid)).toBe(`${'héllo "wörld" 🎉\t'.repeat(1000)}\n`);
  });

  it('prints normally with tracing off, with the same names and exit codes', async () => {
    const run = await runs.run('exit-codes.ts', { traced: false });
    expect(run.records).toEqual([]);
    expect(run.exit.exitCode).toBe(0);
    const lines = run.rawStdout().trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(/^return Process-1 \d+ 0$/), expect.stringMatching(/^throw Process-2 \d+ 1$/), expect.stringMatching(/^reject Process-3 \d+ 1$/)]);
    expect(lines.at(-1)).toMatch(/^kill Process-13 \d+ -9 /);
    expect(run.rawStderr()).toMatch(/^Process Process-2:\nValueError: bad thing\n/);
  }, 120_000);
});
