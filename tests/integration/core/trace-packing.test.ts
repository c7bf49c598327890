// The trace channel writes the first lines a process prints at a time one by one (each is out before
// the next instruction runs), and packs a flood several lines to a write; whatever a flood leaves
// waiting goes out when the stretch of code ends or the process exits. These tests watch the records
// arrive while the printing process is still alive.
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry, type RecordOf } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i}\n`).join('');

async function childOf(run: Awaited<ReturnType<typeof runs.start>>): Promise<RecordOf<'process.running'>> {
  return run.waitFor<RecordOf<'process.running'>>((r) => r.type === 'process.running' && r.pid !== run.rootPid);
}

describe('trace channel packing', () => {
  it('delivers a few lines at once, while their process is still blocked after printing them', async () => {
    const run = await runs.start('print-then.ts', { params: { lines: 20, then: 'block' } });
    const child = await childOf(run);
    await run.waitFor((r) => r.type === 'process.output' && r.pid === child.pid && r.text === 'line 19\n');
    expect(outputOf(run.records, child.pid)).toBe(lines(20));
    process.kill(child.pid, 'SIGKILL');
    expect((await run.exited).exitCode).toBe(0);
  });

  // 40: the lines past the first ones wait as one small pack, which only the end of the stretch sends.
  it.each([40, 50_000])('delivers all of %i lines once their stretch of code ends, while the process idles', { timeout: 60_000 }, async (count) => {
    const run = await runs.start('print-then.ts', { params: { lines: count, then: 'idle' } });
    const child = await childOf(run);
    await run.waitFor((r) => r.type === 'process.output' && r.pid === child.pid && r.text === `line ${count - 1}\n`);
    expect(outputOf(run.records, child.pid)).toBe(lines(count));
    process.kill(child.pid, 'SIGKILL');
    await run.exited;
  });

  it('delivers the whole of a flood before a process.exit() in the same stretch takes effect', { timeout: 60_000 }, async () => {
    const run = await runs.run('print-then.ts', { params: { lines: 50_000, then: 'exit' } });
    const [child] = ofType(run.records, 'process.spawned');
    expect(outputOf(run.records, child!.pid)).toBe(lines(50_000));
    expect(outputOf(run.records, run.rootPid)).toBe('exit code 3\n');
    // the parent's record of the end comes after every line of the child
    const exited = run.records.findIndex((r) => r.type === 'process.exited' && r.pid === child!.pid);
    const lastLine = run.records.findLastIndex((r) => r.type === 'process.output' && r.pid === child!.pid);
    expect(exited).toBeGreaterThan(lastLine);
  });
});
