// The Process object inside the test process itself (which acts as a MainProcess): construction,
// naming, validation and the state rules that need no child.
import { describe, expect, it } from 'vitest';
import { Process, ProcessError, activeChildren, currentProcess, parentProcess } from '../src/index.js';

class Custom extends Process {
  label = 'field';
}

const nextNumber = (): number => Number(/-(\d+)$/.exec(new Process().name)![1]) + 1;

describe('Process in the calling process', () => {
  it('names objects from a counter taken at construction, by class', () => {
    const n = nextNumber();
    expect(new Process().name).toBe(`Process-${n}`);
    expect(new Custom().name).toBe(`Custom-${n + 1}`);
    expect(new Process({ name: 'custom' }).name).toBe('custom');
    expect(new Process({ name: '' }).name).toBe(`Process-${n + 3}`);
  });

  it('describes the main process', () => {
    const main = currentProcess();
    expect(main.name).toBe('MainProcess');
    expect(main.daemon).toBe(false);
    expect(main.pid).toBe(process.pid);
    expect(main.isAlive()).toBe(true);
    expect(main.authkey).toHaveLength(32);
    expect(parentProcess()).toBeNull();
    expect(String(main)).toBe("<_MainProcess name='MainProcess' parent=None started>");
    expect(activeChildren()).toEqual([]);
  });

  it('starts unstarted: pid and exitCode null, not alive, repr initial', () => {
    const p = new Process({ name: 'x', daemon: true });
    expect(p.pid).toBeNull();
    expect(p.exitCode).toBeNull();
    expect(p.isAlive()).toBe(false);
    expect(p.authkey).toBe(currentProcess().authkey);
    expect(String(p)).toBe(`<Process name='x' parent=${process.pid} initial daemon>`);
  });

  it('runs the target in the calling process with run(), leaving the object unstarted', async () => {
    const seen: unknown[] = [];
    const p = new Process({ target: (a: number, b: string) => void seen.push(process.pid, a, b), args: [1, 'two'] });
    void p.run();
    expect(seen).toEqual([process.pid, 1, 'two']);
    expect(p.pid).toBeNull();
    const later = new Process({ target: async () => void seen.push('async') });
    await later.run();
    expect(seen.at(-1)).toBe('async');
  });

  it('copies args at construction (rebinding the array afterwards has no effect)', () => {
    const args: unknown[] = [1];
    const seen: unknown[] = [];
    const p = new Process({ target: (...a: unknown[]) => void seen.push(...a), args });
    args.push(2);
    void p.run();
    expect(seen).toEqual([1]);
  });

  it('refuses to start outside a forkscope program, saying how to run one', () => {
    const p = new Process({ target: () => undefined, name: 'lonely' });
    expect(() => p.start()).toThrow(
      expect.objectContaining({
        code: 'ERR_NOT_IN_PROGRAM',
        message: expect.stringMatching(/^Process "lonely" cannot be started here: this code is not running as a forkscope program/),
      }),
    );
    expect(p.pid).toBeNull();
  });

  it('validates options, quoting the option and the bad value', () => {
    expect(() => new Process(5 as never)).toThrow('Expected the Process options to be an object, got 5 (number)');
    expect(() => new Process({ args: 'ab' as never })).toThrow('Expected the `args` option to be an array, got "ab" (string)');
    expect(() => new Process({ daemon: 'yes' as never })).toThrow('Expected the `daemon` option to be a boolean, got "yes" (string)');
    expect(() => {
      new Process().daemon = 1 as never;
    }).toThrow(ProcessError);
  });

  it('closes idempotently and then refuses everything but name, daemon and authkey', () => {
    const p = new Process({ name: 'c' });
    p.close();
    p.close();
    expect(p.name).toBe('c');
    expect(p.daemon).toBe(false);
    for (const use of [() => p.pid, () => p.exitCode, () => p.isAlive(), () => p.start(), () => p.terminate(), () => p.kill(), () => p.join()]) {
      expect(use).toThrow(expect.objectContaining({ code: 'ERR_PROCESS_CLOSED' }));
    }
    expect(String(p)).toBe("<Process name='c' closed>");
  });

  it('throws misuse synchronously from join(), before any promise exists', () => {
    expect(() => new Process().join()).toThrow(expect.objectContaining({ code: 'ERR_PROCESS_NOT_STARTED' }));
    expect(() => currentProcess().join()).toThrow(expect.objectContaining({ code: 'ERR_JOIN_SELF' }));
    expect(() => currentProcess().kill()).toThrow(expect.objectContaining({ code: 'ERR_NOT_A_CHILD' }));
  });
});
