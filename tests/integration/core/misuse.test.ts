// Where Python raises, the twin throws an error with the same meaning, a stable code and a message that
// says what to do (SEMANTICS rules 6, 7, 13, 18, 20–22, 25, 31, 32).
import { afterEach, describe, expect, it } from 'vitest';
import { ofType, outputOf, runRegistry } from '../../fixtures/traced-run.js';

const runs = runRegistry();
afterEach(() => expect(runs.cleanUp()).toEqual([]));

interface Outcome {
  label: string;
  ok?: true;
  value?: unknown;
  code?: string;
  message?: string;
}

describe('misuse', () => {
  it('throws the twin of each Python error with its code and message', async () => {
    const run = await runs.run('misuse.ts');
    expect(run.exit.exitCode).toBe(0);
    const outcomes = new Map(
      outputOf(run.records, run.rootPid).trim().split('\n').map((line) => {
        const outcome = JSON.parse(line) as Outcome;
        return [outcome.label, outcome];
      }),
    );
    const error = (label: string) => {
      const { code, message } = outcomes.get(label) ?? {};
      return { code, message };
    };
    const [done, sleeper] = ofType(run.records, 'process.spawned');
    expect(error('start twice')).toEqual({
      code: 'ERR_PROCESS_ALREADY_STARTED',
      message: `Process "Process-1" was already started (pid ${done!.pid}): a process can be started only once. Create a new Process object to run the target again`,
    });
    expect(error('join unstarted')).toEqual({
      code: 'ERR_PROCESS_NOT_STARTED',
      message: 'Process "Process-2" has not been started: join() needs a started process. Call start() first',
    });
    expect(error('terminate unstarted').code).toBe('ERR_PROCESS_NOT_STARTED');
    expect(outcomes.get('isAlive unstarted')).toMatchObject({ ok: true, value: false });
    expect(outcomes.get('isAlive self')).toMatchObject({ ok: true, value: true });
    expect(error('join self')).toEqual({
      code: 'ERR_JOIN_SELF',
      message: 'Process "MainProcess" cannot join itself: join() waits for a child process to end, and a process cannot wait for its own end. Join the children this process started instead',
    });
    expect(error('start self')).toEqual({
      code: 'ERR_START_NOT_CREATOR',
      message: `Process "MainProcess" was not created by this process (pid ${run.rootPid}): only the process that constructed a Process object can start it. Construct a new Process here instead`,
    });
    expect(error('local target')).toEqual({
      code: 'ERR_TARGET_NOT_EXPORTED',
      message: 'Process target "local" cannot be sent to a child process: export it from the program module (targets are found by their export name, as Python pickles functions by qualified name)',
    });
    // like PicklingError in start(), the object stays unstarted
    expect(outcomes.get('local target pid')).toMatchObject({ ok: true, value: null });
    expect(error('lambda target').message).toBe(
      'Process target "<anonymous>" cannot be sent to a child process: export it from the program module (targets are found by their export name, as Python pickles functions by qualified name)',
    );
    expect(error('local class')).toEqual({
      code: 'ERR_CLASS_NOT_EXPORTED',
      message: 'Process subclass "Local" cannot be sent to a child process: export the class from the program module (the child rebuilds the object from its exported class, as Python unpickles it by qualified name)',
    });
    expect(error('uncloneable args')).toEqual({
      code: 'ERR_NOT_CLONEABLE',
      message: 'Process "Process-8" cannot send its args to its child: () => 1 could not be cloned. Only structured-clone values reach a child (no functions, sockets or class instances with behaviour); pass plain data and rebuild the rest in the child',
    });
    expect(error('bad target option')).toEqual({ code: 'ERR_INVALID_ARG', message: 'Expected the `target` option to be a function, got 5 (number)' });
    expect(error('bad name')).toEqual({ code: 'ERR_INVALID_ARG', message: 'Expected `name` to be a string, got 5 (number)' });
    expect(error('daemon after start')).toEqual({
      code: 'ERR_DAEMON_AFTER_START',
      message: 'Process "sleeper" has already started: the `daemon` flag cannot change after start(). Set `daemon` in the constructor options or before start()',
    });
    expect(error('close running')).toEqual({
      code: 'ERR_PROCESS_STILL_RUNNING',
      message: `Process "sleeper" (pid ${sleeper!.pid}) is still running and cannot be closed. Call join() or terminate() first`,
    });
    expect(error('run after start')).toEqual({
      code: 'ERR_TARGET_RELEASED',
      message: `Process "sleeper" no longer holds its target: start() handed it to the child process (pid ${sleeper!.pid}). Call run() only on a process that was not started, or call start() alone`,
    });
    // join(0) does not block: right after it the child still runs
    expect(outcomes.get('join(0) alive')).toMatchObject({ ok: true, value: 'true null' });
    expect(outcomes.get('close')).toMatchObject({ ok: true });
    expect(outcomes.get('close again')).toMatchObject({ ok: true });
    expect(error('pid after close')).toEqual({
      code: 'ERR_PROCESS_CLOSED',
      message: 'Process "sleeper" is closed: pid is not allowed after close(). Only name, daemon and authkey stay readable; create a new Process to run again',
    });
    expect(error('exitCode after close').code).toBe('ERR_PROCESS_CLOSED');
    expect(error('join after close').code).toBe('ERR_PROCESS_CLOSED');
    expect(outcomes.get('name after close')).toMatchObject({ ok: true, value: 'sleeper' });
    expect(outcomes.get('repr after close')).toMatchObject({ ok: true, value: "<Process name='sleeper' closed>" });
    // run() on an unstarted object runs the target right here, in the calling process
    expect(outcomes.get('run unstarted')).toMatchObject({ ok: true });
    // errors thrown by start() left no process behind: exactly the two that did start exist
    expect(ofType(run.records, 'process.spawned')).toHaveLength(2);
  });

  it('fails a daemon that starts a child (exit 1, header and message); a Process made in a daemon is daemonic', async () => {
    const run = await runs.run('daemon-children.ts');
    expect(run.exit.exitCode).toBe(0);
    const [daemon] = ofType(run.records, 'process.spawned');
    expect(daemon).toMatchObject({ name: 'Process-1', daemon: true });
    expect(outputOf(run.records, daemon!.pid)).toBe('inside daemon: true true Process-1:1\n');
    expect(outputOf(run.records, daemon!.pid, 'stderr')).toMatch(
      /^Process Process-1:\nProcessError: Process "Process-1" is a daemon and cannot start "Process-1:1": daemonic processes are not allowed to have children \(they are terminated when their parent's code ends and would leave orphans\)\. Start it from a non-daemon process, or do not mark the parent daemon\n/,
    );
    expect(ofType(run.records, 'process.error', daemon!.pid)).toEqual([expect.objectContaining({ code: 'ERR_DAEMON_CHILDREN', errorType: 'ProcessError' })]);
    expect(outputOf(run.records, run.rootPid)).toBe('daemon exitCode 1\n');
    expect(ofType(run.records, 'process.spawned')).toHaveLength(1);
  });

  it('fails a start() in a child\'s top-level code (bootstrapping) with exit 1 and no header; the parent carries on', async () => {
    const run = await runs.run('unguarded.ts');
    expect(run.exit.exitCode).toBe(0);
    const [child] = ofType(run.records, 'process.spawned');
    // the top-level code ran twice: once in the root, once in the child (as __mp_main__)
    expect(outputOf(run.records, run.rootPid)).toBe(`top-level code in ${run.rootPid}\nchild exitCode 1\n`);
    expect(outputOf(run.records, child!.pid)).toBe(`top-level code in ${child!.pid}\n`);
    const stderr = outputOf(run.records, child!.pid, 'stderr');
    expect(stderr).toMatch(/^ProcessError: Process "Process-1:1" was started while this child process \("Process-1"\) was still loading the program module: an attempt has been made to start a new process before the current process has finished its bootstrapping phase\./);
    expect(stderr).toContain("start processes from main() (the twin of `if __name__ == '__main__':`), not at the top level");
    expect(stderr).toMatch(/unguarded\.ts:11:3/);
    expect(ofType(run.records, 'process.error', child!.pid)).toEqual([expect.objectContaining({ code: 'ERR_START_DURING_BOOTSTRAP' })]);
    expect(ofType(run.records, 'process.exited', child!.pid)).toEqual([expect.objectContaining({ exitCode: 1, reapedBy: run.rootPid })]);
    // the target never ran, and the bootstrap failure is not "own code ended" (no end-of-code handling)
    expect(ofType(run.records, 'process.main-ended', child!.pid)).toEqual([]);
  });
});
