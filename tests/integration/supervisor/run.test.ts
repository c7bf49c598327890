// A run's event stream against the real kernel: the root's lifecycle, traced records, raw output, discovered
// processes, zombies, orphans reaped by init (a run without its reaper), and the input socket. The reaper itself:
// reaper.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { fixture, liveTagged, unitDirs } from './oracle.js';

const supervisor = createSupervisor({ graceMs: 500 });
const withoutReaper = createSupervisor({ graceMs: 500, reaper: false, watchdog: false, sweep: false });

afterAll(async () => {
  await supervisor.close();
  await withoutReaper.close();
  expect(unitDirs(process.pid)).toEqual([]);
});

const ofType = <T extends ForkscopeEvent['type']>(events: readonly ForkscopeEvent[], type: T) =>
  events.filter((e): e is Extract<ForkscopeEvent, { type: T }> => e.type === type);

describe('a completed run', () => {
  it('starts with run.started, ends with run.ended, and numbers events without gaps', async () => {
    const run = supervisor.startRun({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'], scenario: 'demo' });
    const result = await run.result;
    expect(result).toMatchObject({ runId: run.id, status: 'completed', reason: null, exitCode: 3, leftovers: 0, message: null });
    const { events } = run;
    expect(events[0]).toMatchObject({ seq: 0, t: 0, type: 'run.started', pid: 0, runId: run.id, scenario: 'demo', containment: supervisor.containment });
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed', exitCode: 3, leftovers: 0 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const [root] = ofType(events, 'process.spawned');
    // The root's parent is the run's reaper (not a lane of the run), which reaps it.
    expect(root).toMatchObject({ name: 'MainProcess', target: 'main', daemon: false });
    expect(root?.ppid).not.toBe(process.pid);
    expect(ofType(events, 'process.exited').find((e) => e.pid === root?.pid)).toMatchObject({ exitCode: 3, signal: null, reapedBy: root?.ppid });
    const output = ofType(events, 'process.output');
    expect(output.filter((e) => e.stream === 'stdout').map((e) => e.text).join('')).toBe('out\n');
    expect(output.filter((e) => e.stream === 'stderr').map((e) => e.text).join('')).toBe('err\n');
    expect(output.every((e) => e.untraced === true && e.pid === root?.pid)).toBe(true);
  });

  it('tags every process, passes the trace fd, run dir and params, and turns tm into t', async () => {
    const run = supervisor.startRun({ command: [process.execPath, fixture('traced.mjs')], params: { n: 5 } });
    const result = await run.result;
    expect(result.status).toBe('completed');
    expect(result.exitCode).toBe(0);
    const vars = ofType(run.events, 'process.var');
    expect(vars[0]).toMatchObject({ name: 'params', value: { n: 5 } });
    const end = run.events.at(-1) as ForkscopeEvent;
    expect(vars[0]!.t).toBeGreaterThan(0);
    expect(vars[0]!.t).toBeLessThanOrEqual(end.t);
    // The forged run.ended and the malformed line were dropped: exactly one run.ended, and it is last.
    expect(ofType(run.events, 'run.ended')).toHaveLength(1);
    const output = ofType(run.events, 'process.output');
    expect(output.find((e) => e.text === 'traced hello\n')?.untraced).toBeUndefined();
    expect(output.find((e) => e.text === 'raw hello\n')?.untraced).toBe(true);
  });

  it('removes the run directory and leaves no process of the run', async () => {
    const run = supervisor.startRun({ command: ['sh', '-c', 'echo "$FORKSCOPE_RUN_DIR"; test -d "$FORKSCOPE_RUN_DIR" && test "$FORKSCOPE_TRACE_FD" = 3 && test -n "$FORKSCOPE_RUN"'] });
    const result = await run.result;
    const runDir = ofType(run.events, 'process.output').map((e) => e.text).join('').trim();
    expect(result.exitCode).toBe(0);
    expect(runDir).toContain(`forkscope-${process.pid}-${run.id}`);
    const { existsSync } = await import('node:fs');
    expect(existsSync(runDir)).toBe(false);
    expect(liveTagged([run.id])).toEqual([]);
  });

  it('does not pass the server environment through (only a small base and the run variables)', async () => {
    process.env['FORKSCOPE_TEST_SECRET'] = 'x';
    const run = supervisor.startRun({ command: ['sh', '-c', 'test -z "$FORKSCOPE_TEST_SECRET" && test -z "$NODE_EXTRA_CA_CERTS" && test "$MINE" = 1'], env: { MINE: '1' } });
    delete process.env['FORKSCOPE_TEST_SECRET'];
    expect((await run.result).exitCode).toBe(0);
  });
});

describe('kernel truth', () => {
  it('shows unreported processes, zombies as zombies, re-parenting, and exits nobody reported (no reaper)', async () => {
    const run = withoutReaper.startRun({ command: [fixture('zombie.sh')] });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const { events } = run;
    const discovered = ofType(events, 'process.spawned').filter((e) => e.discovered);
    expect(discovered.length).toBeGreaterThanOrEqual(3);
    expect(discovered.every((e) => typeof e.command === 'string' && e.command.length > 0)).toBe(true);
    // The root's children end first and their parent (now `sleep`) never reaps them: they must be seen as
    // zombies while the run goes on. (Which command line the sampler read first is a race with their exit.)
    const states = ofType(events, 'process.state');
    expect(discovered.some((d) => states.some((e) => e.pid === d.pid && e.state === 'Z'))).toBe(true);
    // The double-forked sleeper was re-parented away from its dead parent.
    expect(ofType(events, 'process.reparented').length).toBeGreaterThanOrEqual(1);
    // Every process that was announced got exactly one exit, before run.ended.
    const spawned = new Set(ofType(events, 'process.spawned').map((e) => e.pid));
    const exited = ofType(events, 'process.exited').map((e) => e.pid);
    expect(new Set(exited)).toEqual(spawned);
    expect(exited.length).toBe(spawned.size);
    const orphanExits = ofType(events, 'process.exited').filter((e) => e.reapedBy === 0);
    expect(orphanExits.every((e) => e.exitCode === null && e.signal === null)).toBe(true);
    // No state or spawn event for a pid after its exit.
    for (const pid of spawned) {
      const exitSeq = events.find((e) => e.type === 'process.exited' && e.pid === pid)!.seq;
      expect(events.filter((e) => e.pid === pid && e.seq > exitSeq && e.type !== 'run.ended')).toEqual([]);
    }
  });
});

describe('subscribe', () => {
  it('replays from a seq, then streams live events, and stops after run.ended', async () => {
    const run = supervisor.startRun({ command: ['sh', '-c', 'echo a; sleep 0.1; echo b'] });
    const live: ForkscopeEvent[] = [];
    run.subscribe((e) => live.push(e));
    await run.result;
    expect(live).toEqual(run.events);
    const tail: ForkscopeEvent[] = [];
    run.subscribe((e) => tail.push(e), 2);
    expect(tail).toEqual(run.events.slice(2));
  });
});

describe('input', () => {
  it('delivers a line to the process that connected for it, and records a process.input event', async () => {
    const run = supervisor.startRun({ command: [process.execPath, fixture('traced.mjs'), 'input'] });
    const root = await new Promise<number>((resolve) => run.subscribe((e) => e.type === 'process.spawned' && resolve(e.pid)));
    run.input(root, 'héllo');
    const result = await run.result;
    expect(result.exitCode).toBe(0);
    expect(ofType(run.events, 'process.input')).toMatchObject([{ pid: root, text: 'héllo' }]);
    expect(ofType(run.events, 'process.var').find((e) => e.name === 'got')?.value).toBe('héllo');
    expect(() => run.input(root, 'late')).toThrow(expect.objectContaining({ code: 'ERR_RUN_ENDED' }));
  });
});

describe('failures', () => {
  it('fails a run whose command does not exist, with a clear message and a complete stream', async () => {
    const run = supervisor.startRun({ command: ['forkscope-no-such-command'], runId: 'missing-cmd' });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'failed', reason: 'spawn', exitCode: null, leftovers: 0 });
    expect(result.message).toBe('Run "missing-cmd" failed to start: Command not found: forkscope-no-such-command');
    expect(run.events.map((e) => e.type)).toEqual(['run.started', 'run.ended']);
  });

  it('throws on misuse, quoting the option and its value', () => {
    expect(() => supervisor.startRun({ command: ['true'], limits: { wallMs: 0 } })).toThrow(
      'Expected the `limits.wallMs` option to be an integer between 1 and 120000, got `0` (number)',
    );
    expect(() => supervisor.startRun({ command: [] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
    expect(() => supervisor.startRun({ command: ['true'], runId: 'a b' })).toThrow('Expected the `runId` option to be');
  });
});
