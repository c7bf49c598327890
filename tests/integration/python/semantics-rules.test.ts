// SEMANTICS rules 8, 9, 17, 19, 26 and 30 under the python driver: real CPython, traced by the shim, through
// the supervisor. Each fixture program (tests/fixtures/programs/python/rule-*.py) states its rule; the shim must
// keep every one of them (the TS twin's side: tests/integration/core/semantics-rules.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { getDriver } from '@forkscope/supervisor';
import { createSupervisor } from '@forkscope/supervisor';
import { programsDir } from '../../fixtures/traced-run.js';

const available = (await getDriver('python').available()).ok;
const pythonVersion = (await getDriver('python').version?.()) ?? '0.0';
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

type Output = Extract<ForkscopeEvent, { type: 'process.output' }>;
const ofType = <T extends ForkscopeEvent['type']>(events: readonly ForkscopeEvent[], type: T) =>
  events.filter((e): e is Extract<ForkscopeEvent, { type: T }> => e.type === type);

async function run(rule: string, params: Record<string, unknown> = {}) {
  const handle = supervisor.startRun({ program: { file: `${programsDir}python/${rule}.py` }, driver: 'python', params });
  const result = await handle.result;
  const events = handle.events;
  const root = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!.pid;
  const outputs = ofType(events, 'process.output');
  /** Complete lines a process printed, in order. */
  const linesOf = (pid: number): string[] => textOf(outputs.filter((e) => e.pid === pid)).split('\n').filter((l) => l !== '');
  const children = ofType(events, 'process.spawned').filter((e) => e.ppid === root && !e.discovered);
  return { result, events, root, outputs, linesOf, children };
}

const textOf = (outputs: Output[]): string => outputs.map((e) => e.text).join('');

describe.skipIf(!available)('SEMANTICS rules under the python driver', () => {
  it.each(['fork', 'spawn'])('8: start() returns before the child has run its target (%s)', { timeout: 60_000 }, async (startMethod) => {
    const { result, events, root, linesOf, children } = await run('rule-08-start-does-not-wait', { startMethod });
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    expect(linesOf(root)).toEqual(['main: start() returned; pid set: True; alive: True', 'main: exitcode 0']);
    const [child] = children;
    expect(linesOf(child!.pid)).toEqual(['child: the gate was open']);
    // The child's line could only come after main's: it waited for a file main made after start() returned.
    const mainLine = events.find((e) => e.type === 'process.output' && e.pid === root)!;
    const childLine = events.find((e) => e.type === 'process.output' && e.pid === child!.pid)!;
    expect(childLine.t).toBeGreaterThan(mainLine.t);
  });

  it('9: a line still in the block buffer is flushed at start() and printed once; a raw os.fork() prints it twice', { timeout: 60_000 }, async () => {
    const { result, outputs, root, linesOf, children } = await run('rule-09-flush-before-fork', { buffering: 'pipe' });
    expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
    const all = textOf(outputs);
    expect(all.match(/main: before start\(\)/g)).toHaveLength(1);
    expect(linesOf(children[0]!.pid)).toEqual(['child: ran']);
    // Written at start(), before the child's output: the flush came before the fork.
    const flushed = outputs.findIndex((e) => e.pid === root && e.text.includes('before start()'));
    expect(flushed).toBeLessThan(outputs.findIndex((e) => e.pid === children[0]!.pid));
    // The raw fork: the same unflushed line from main and from the forked copy.
    const copies = outputs.filter((e) => e.text.includes('main: before os.fork()'));
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((e) => e.pid)).size).toBe(2);
  });

  it('9: in a terminal (line-buffered) nothing is left in the buffer, so every line is printed once', { timeout: 60_000 }, async () => {
    const { result, outputs } = await run('rule-09-flush-before-fork');
    expect(result.exitCode).toBe(0);
    expect(textOf(outputs).match(/main: before (start\(\)|os\.fork\(\))/g)).toEqual(['main: before start()', 'main: before os.fork()']);
  });

  it('17: Ctrl-C (SIGINT to the foreground group) raises KeyboardInterrupt in every child and in main', { timeout: 60_000 }, async () => {
    const { result, events, root, linesOf, children } = await run('rule-17-ctrl-c');
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    expect(children).toHaveLength(2);
    for (const child of children) {
      const lines = linesOf(child.pid);
      expect(lines).toContain('child: finally ran');
      expect(lines).toContain(`Process ${child.name}:`);
      expect(lines.at(-1)).toBe('KeyboardInterrupt');
      expect(ofType(events, 'process.exited').find((e) => e.pid === child.pid)).toMatchObject({ exitCode: 1, signal: null, reapedBy: root });
    }
    expect(linesOf(root)).toEqual(['main: KeyboardInterrupt', 'main: exitcodes [1, 1]']);
  });

  it('19: join(1.0) blocks the whole timeout on a dead child whose orphan holds the sentinel; join() returns at once', { timeout: 60_000 }, async () => {
    const { result, events, root, linesOf, children } = await run('rule-19-join-timeout-orphan');
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const [joinLine, plainJoin] = linesOf(root);
    const waited = Number(/after ([\d.]+) s; exitcode -15$/.exec(joinLine ?? '')?.[1]);
    // A lower bound, not a speed: the sentinel cannot become readable before the grandchild ends (3 s later).
    expect(waited).toBeGreaterThanOrEqual(0.99);
    expect(plainJoin).toBe('main: join() returned');
    const child = children[0]!;
    // The timeline says the same: the timed join did time out, although the child had already exited.
    const joins = ofType(events, 'process.joined').filter((e) => e.pid === root && e.target === child.pid);
    expect(joins.map((e) => e.timedOut)).toEqual([true, false]);
    // join() returned long before the grandchild (an orphan now) finished.
    const grandchild = ofType(events, 'process.spawned').find((e) => e.ppid === child.pid)!;
    const done = events.find((e) => e.type === 'process.output' && e.pid === grandchild.pid)!;
    const returned = events.find((e) => e.type === 'process.output' && e.pid === root && e.text.startsWith('main: join() returned'))!;
    expect(returned.seq).toBeLessThan(done.seq);
  });

  it('26: pid is ident (None before start, kept after the exit); sentinel is an fd readable at the exit', { timeout: 60_000 }, async () => {
    const { result, root, linesOf, children } = await run('rule-26-pid-ident-sentinel');
    expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
    const pid = children[0]!.pid;
    expect(linesOf(root)).toEqual([
      'before start: pid None ident None',
      'before start: sentinel raises ValueError: process not started',
      `after start: pid ${pid}; pid is ident: True; sentinel is an int: True`,
      'sentinel readable at the exit: True',
      `after exit: pid ${pid}; ident ${pid}; exitcode 0`,
      'current_process().pid == os.getpid(): True',
      'after close: pid raises ValueError: process object is closed',
    ]);
  });

  it('30: fork is the default start method, of fork/spawn/forkserver; only 3.12+ warns when a multi-threaded process forks', { timeout: 60_000 }, async () => {
    const { result, root, linesOf } = await run('rule-30-start-method');
    expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
    const [major = 0, minor = 0] = pythonVersion.split('.').map(Number);
    const warns = major > 3 || (major === 3 && minor >= 12);
    expect(linesOf(root)).toEqual([
      `python ${major}.${minor}`,
      'default start method: fork',
      "all start methods: ['fork', 'spawn', 'forkserver']",
      // The shim starts no thread of its own, so a plain program never gets the warning.
      'threads before the first fork: 1',
      'warnings, single-threaded: 0',
      `warnings, with a second thread: ${warns ? 1 : 0}`,
    ]);
  });
});
