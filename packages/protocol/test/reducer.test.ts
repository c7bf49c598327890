import { describe, expect, test } from 'vitest';
import { applyEvent, applyEvents, createTimelineModel } from '../src/index.js';
import type { ExitCause, ForkscopeEvent, TimelineModel } from '../src/index.js';
import { daemonKilledAtMainEnd, runEnded, runStarted, sequence } from './streams.js';

type Unsequenced = Parameters<typeof sequence>[0][number];

const apply = (events: ForkscopeEvent[]): TimelineModel => applyEvents(createTimelineModel(), events);

/** Root 100 and its child 101 running, then `rest`. */
function withChild(rest: Unsequenced[], child: Partial<{ daemon: boolean }> = {}): ForkscopeEvent[] {
  return sequence([
    runStarted(),
    { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
    { type: 'process.spawned', t: 20, pid: 101, ppid: 100, name: 'Process-1', daemon: child.daemon ?? false, target: 'f' },
    { type: 'process.running', t: 30, pid: 101, ppid: 100, name: 'Process-1' },
    ...rest,
  ]);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const exit = (t: number, pid: number, exitCode: number | null, signal: `SIG${string}` | null = null): Unsequenced => ({
  type: 'process.exited',
  t,
  pid,
  exitCode,
  signal,
  reapedBy: 100,
});
const error = (t: number, pid: number, errorType = 'ValueError'): Unsequenced => ({ type: 'process.error', t, pid, errorType, message: 'bad thing', stack: '' });
const term = (t: number, target: number, signal: `SIG${string}`): Unsequenced => ({ type: 'process.terminating', t, pid: 100, target, signal });

describe('createTimelineModel', () => {
  test('is empty and idle', () => {
    const m = createTimelineModel();
    expect(m.run.status).toBe('idle');
    expect(m.lastSeq).toBe(-1);
    expect(m.eventCount).toBe(0);
    expect(m.laneOrder).toEqual([]);
    expect(m.processes).toEqual({});
  });
});

describe('exit cause', () => {
  const rows: { name: string; rest: Unsequenced[]; daemon?: boolean; cause: ExitCause; exitCode: number | null; signal: string | null }[] = [
    { name: 'code 0 → returned', rest: [exit(50, 101, 0)], cause: 'returned', exitCode: 0, signal: null },
    { name: 'error then code 1 → error', rest: [error(40, 101), exit(50, 101, 1)], cause: 'error', exitCode: 1, signal: null },
    { name: 'code 3 without error → exit', rest: [exit(50, 101, 3)], cause: 'exit', exitCode: 3, signal: null },
    { name: 'code 1 without error → exit', rest: [exit(50, 101, 1)], cause: 'exit', exitCode: 1, signal: null },
    { name: 'error then code 7 → exit', rest: [error(40, 101), exit(50, 101, 7)], cause: 'exit', exitCode: 7, signal: null },
    { name: 'SystemExit then code 0 → exit', rest: [error(40, 101, 'SystemExit'), exit(50, 101, 0)], cause: 'exit', exitCode: 0, signal: null },
    { name: 'error then code 0 → returned', rest: [error(40, 101), exit(50, 101, 0)], cause: 'returned', exitCode: 0, signal: null },
    { name: 'announced SIGTERM → terminated', rest: [term(40, 101, 'SIGTERM'), exit(50, 101, -15, 'SIGTERM')], cause: 'terminated', exitCode: -15, signal: 'SIGTERM' },
    { name: 'announced SIGKILL → killed', rest: [term(40, 101, 'SIGKILL'), exit(50, 101, -9, 'SIGKILL')], cause: 'killed', exitCode: -9, signal: 'SIGKILL' },
    { name: 'announced SIGINT → terminated', rest: [term(40, 101, 'SIGINT'), exit(50, 101, -2, 'SIGINT')], cause: 'terminated', exitCode: -2, signal: 'SIGINT' },
    {
      name: 'daemon kill → daemon-killed',
      daemon: true,
      rest: [{ type: 'process.daemon-killed', t: 40, pid: 101, by: 100 }, exit(50, 101, -15, 'SIGTERM')],
      cause: 'daemon-killed',
      exitCode: -15,
      signal: 'SIGTERM',
    },
    { name: 'unannounced SIGKILL → signal', rest: [exit(50, 101, -9, 'SIGKILL')], cause: 'signal', exitCode: -9, signal: 'SIGKILL' },
    { name: 'SIGTERM announced, SIGKILL came (escalation) → signal', rest: [term(40, 101, 'SIGTERM'), exit(50, 101, -9, 'SIGKILL')], cause: 'signal', exitCode: -9, signal: 'SIGKILL' },
    { name: 'negative code without signal name → signal, name derived', rest: [exit(50, 101, -1)], cause: 'signal', exitCode: -1, signal: 'SIGHUP' },
    { name: 'nothing observed → unknown', rest: [exit(50, 101, null)], cause: 'unknown', exitCode: null, signal: null },
    {
      name: 're-parented, nothing observed → reparented (its new parent reaped it)',
      rest: [{ type: 'process.reparented', t: 40, pid: 101, from: 100, to: 1 }, exit(50, 101, null)],
      cause: 'reparented',
      exitCode: null,
      signal: null,
    },
    {
      name: 're-parenting reported after the exit → reparented',
      rest: [exit(50, 101, null), { type: 'process.reparented', t: 40, pid: 101, from: 100, to: 1 }],
      cause: 'reparented',
      exitCode: null,
      signal: null,
    },
    { name: 'terminate announced after the exit arrived → terminated', rest: [exit(50, 101, -15, 'SIGTERM'), term(45, 101, 'SIGTERM')], cause: 'terminated', exitCode: -15, signal: 'SIGTERM' },
    { name: 'error arriving after the exit → error', rest: [exit(50, 101, 1), error(45, 101)], cause: 'error', exitCode: 1, signal: null },
  ];
  test.each(rows)('$name', ({ rest, daemon, cause, exitCode, signal }) => {
    const m = apply(withChild(rest, { daemon: daemon ?? false }));
    const p = m.processes[101];
    expect(p?.cause).toBe(cause);
    expect(p?.exitCode).toBe(exitCode);
    expect(p?.signal).toBe(signal);
    // Exactly one exit marker and one exit line, showing the final cause.
    expect(m.markers.filter((x) => x.kind === 'exit' && x.pid === 101)).toHaveLength(1);
    const lines = m.console.filter((l) => l.lifecycle?.kind === 'exited' && l.pid === 101);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.lifecycle).toMatchObject({ kind: 'exited', cause, exitCode, signal });
  });

  test('no cause before the exit', () => {
    const m = apply(withChild([term(40, 101, 'SIGTERM')]));
    expect(m.processes[101]?.cause).toBeNull();
  });
});

describe('segments', () => {
  test('spawned → running → joining → running → exiting → closed at exit', () => {
    const m = apply(
      sequence([
        { type: 'process.spawned', t: 0, pid: 100, ppid: 1, name: 'MainProcess', daemon: false, target: null },
        { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
        { type: 'process.joining', t: 20, pid: 100, target: 101, timeoutMs: null },
        { type: 'process.joined', t: 30, pid: 100, target: 101, timedOut: false },
        { type: 'process.main-ended', t: 40, pid: 100 },
        { type: 'process.joining', t: 45, pid: 100, target: 102, timeoutMs: 200 },
        { type: 'process.joined', t: 48, pid: 100, target: 102, timedOut: true },
        exit(50, 100, 0),
      ]),
    );
    expect(m.processes[100]?.segments).toEqual([
      { kind: 'spawned', start: 0, end: 10 },
      { kind: 'running', start: 10, end: 20 },
      { kind: 'joining', start: 20, end: 30, target: 101 },
      { kind: 'running', start: 30, end: 40 },
      { kind: 'exiting', start: 40, end: 45 },
      { kind: 'joining', start: 45, end: 48, target: 102 },
      { kind: 'exiting', start: 48, end: 50 },
    ]);
    expect(m.processes[100]?.mainEndedAt).toBe(40);
    expect(m.processes[100]?.joiningTarget).toBeNull();
  });

  test('zombie only when the kernel says Z, closed by the exit', () => {
    const running = apply(withChild([{ type: 'process.main-ended', t: 40, pid: 101 }, { type: 'process.state', t: 45, pid: 101, state: 'S', ppid: 100 }]));
    expect(running.processes[101]?.segments.map((s) => s.kind)).toEqual(['spawned', 'running', 'exiting']);
    const zombie = apply(withChild([{ type: 'process.main-ended', t: 40, pid: 101 }, { type: 'process.state', t: 45, pid: 101, state: 'Z', ppid: 100 }, exit(90, 101, 0)]));
    expect(zombie.processes[101]?.segments).toEqual([
      { kind: 'spawned', start: 20, end: 30 },
      { kind: 'running', start: 30, end: 40 },
      { kind: 'exiting', start: 40, end: 45 },
      { kind: 'zombie', start: 45, end: 90 },
    ]);
    expect(zombie.processes[101]?.state).toBe('Z');
  });

  test('run.ended closes every open segment at its time', () => {
    const m = apply(withChild([{ type: 'process.joining', t: 40, pid: 100, target: 101 , timeoutMs: null }, runEnded(70, 100, null)]));
    for (const pid of [100, 101]) {
      const segs = m.processes[pid]?.segments ?? [];
      expect(segs.every((s) => s.end !== null)).toBe(true);
      expect(segs.at(-1)?.end).toBe(70);
    }
    expect(m.arrows.find((a) => a.kind === 'join')?.tEnd).toBe(70);
    expect(m.run).toMatchObject({ status: 'completed', endedAt: 70, exitCode: null, leftovers: 0 });
  });

  test('a time earlier than the open segment (clock skew between processes) is clamped, never negative', () => {
    const m = apply(withChild([{ type: 'process.output', t: 60, pid: 101, stream: 'stdout', text: 'x\n' }, { type: 'process.main-ended', t: 80, pid: 101 }, exit(75, 101, 0)]));
    const segs = m.processes[101]?.segments ?? [];
    for (const s of segs) expect(s.end === null || s.end >= s.start).toBe(true);
    // The exiting segment [80, 80] has no length and is dropped; the exit is clamped to 80.
    expect(segs.at(-1)).toEqual({ kind: 'running', start: 30, end: 80 });
    expect(m.processes[101]?.exitedAt).toBe(80);
  });
});

describe('ordering in real streams', () => {
  test('running and output before the parent reports the spawn: provisional, filled in later', () => {
    const events = sequence([
      { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
      { type: 'process.output', t: 25, pid: 101, stream: 'stdout', text: 'early\n' },
      { type: 'process.running', t: 22, pid: 101, ppid: 100, name: 'Process-1' },
      { type: 'process.spawned', t: 21, pid: 101, ppid: 100, name: 'Process-1', daemon: true, target: 'f' },
    ]);
    const afterOutput = apply(events.slice(0, 2));
    expect(afterOutput.processes[101]).toMatchObject({ provisional: true, ppid: 0, name: '?', spawnedAt: 25 });
    expect(afterOutput.laneOrder).toEqual([100, 101]);
    const m = apply(events);
    expect(m.processes[101]).toMatchObject({ provisional: false, ppid: 100, name: 'Process-1', daemon: true, target: 'f', spawnedAt: 21, runningAt: 22, depth: 1 });
    expect(m.processes[101]?.segments).toEqual([
      { kind: 'spawned', start: 21, end: 22 },
      { kind: 'running', start: 22, end: null },
    ]);
    expect(m.arrows.toArray()).toEqual([{ kind: 'spawn', from: 100, to: 101, t: 21, tEnd: 21, seq: 3 }]);
  });

  test('the child reports running before the parent learns its pid (spawned t after running t)', () => {
    const m = apply(
      withChild([
        { type: 'process.running', t: 40, pid: 102, ppid: 100, name: 'Process-2' },
        { type: 'process.spawned', t: 44, pid: 102, ppid: 100, name: 'Process-2', daemon: false, target: 'g' },
      ]),
    );
    expect(m.processes[102]?.segments).toEqual([{ kind: 'running', start: 40, end: null }]);
    expect(m.processes[102]?.spawnedAt).toBe(40);
    expect(m.arrows.find((a) => a.to === 102)).toMatchObject({ kind: 'spawn', from: 100, t: 40 });
  });

  test('the kernel state of an unknown pid creates it, under its kernel parent; its spawn fills it in', () => {
    const early = apply(
      sequence([
        { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
        { type: 'process.state', t: 30, pid: 101, state: 'S', ppid: 100 },
      ]),
    );
    expect(early.processes[101]).toMatchObject({ provisional: true, ppid: 100, depth: 1, name: '?' });
    const m = apply(
      sequence([
        { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
        { type: 'process.state', t: 30, pid: 101, state: 'S', ppid: 100 },
        { type: 'process.spawned', t: 20, pid: 101, ppid: 100, name: 'Process-1', daemon: false, target: 'f' },
      ]),
    );
    expect(m.processes[101]).toMatchObject({ provisional: false, state: 'S', osPpid: 100, ppid: 100, spawnedAt: 20 });
    expect(m.processes[101]?.segments.map((s) => s.kind)).toEqual(['spawned', 'running']);
  });

  test('a discovered duplicate of a reported process changes nothing but the command', () => {
    const m = apply(
      withChild([{ type: 'process.spawned', t: 60, pid: 101, ppid: 1, name: 'python3', daemon: false, target: null, discovered: true, command: 'python3 -c …' }]),
    );
    expect(m.processes[101]).toMatchObject({ ppid: 100, name: 'Process-1', discovered: false, command: 'python3 -c …' });
    expect(m.console.filter((l) => l.lifecycle?.kind === 'spawned' && l.pid === 101)).toHaveLength(1);
  });

  test('unknown event types are counted and otherwise ignored', () => {
    const events = withChild([{ type: 'process.teleported', t: 99, pid: 101, to: 'mars' } as unknown as Unsequenced]);
    const m = apply(events);
    const without = apply(events.slice(0, -1));
    expect(m.eventCount).toBe(events.length);
    expect(m.lastSeq).toBe(events.length - 1);
    expect(m.now).toBe(99);
    expect(m.processes).toEqual(without.processes);
    expect(m.markers).toEqual(without.markers);
  });

  test('events already applied (a resumed stream overlapping) are skipped; nothing new returns the same model', () => {
    const events = withChild([exit(50, 101, 0)]);
    const m = apply(events);
    expect(applyEvents(m, events.slice(2))).toBe(m);
    expect(applyEvents(m, [])).toBe(m);
    const resumed = applyEvents(apply(events.slice(0, 3)), events.slice(1));
    expect(resumed).toEqual(m);
  });

  test('now is the largest t, lastSeq the last seq', () => {
    const m = apply(withChild([{ type: 'process.output', t: 90, pid: 101, stream: 'stdout', text: 'a\n' }, { type: 'process.output', t: 85, pid: 100, stream: 'stdout', text: 'b\n' }]));
    expect(m.now).toBe(90);
    expect(m.lastSeq).toBe(5);
    expect(m.eventCount).toBe(6);
  });
});

describe('lanes', () => {
  test('tree order: children under their parent by spawn time, orphans stay under the parent that started them', () => {
    const m = apply(
      sequence([
        { type: 'process.running', t: 0, pid: 10, ppid: 1, name: 'MainProcess' },
        { type: 'process.spawned', t: 30, pid: 13, ppid: 10, name: 'c', daemon: false, target: null },
        { type: 'process.spawned', t: 10, pid: 12, ppid: 10, name: 'b', daemon: false, target: null },
        { type: 'process.spawned', t: 20, pid: 11, ppid: 12, name: 'b1', daemon: false, target: null },
        { type: 'process.spawned', t: 25, pid: 14, ppid: 10, name: 'tracker', daemon: false, target: null, discovered: true, command: 'python3 -B -c …' },
        { type: 'process.reparented', t: 40, pid: 11, from: 12, to: 1 },
        { type: 'process.spawned', t: 5, pid: 99, ppid: 7, name: 'stray', daemon: false, target: null, discovered: true },
      ]),
    );
    expect(m.laneOrder).toEqual([10, 12, 11, 13, 14, 99]);
    expect(m.processes[11]).toMatchObject({ depth: 2, ppid: 12, osPpid: 1, reparented: [{ t: 40, from: 12, to: 1 }] });
    expect(m.processes[99]?.depth).toBe(0);
    expect(m.run.rootPid).toBe(10);
  });

  test('a child heard of before the root: the root is still the topmost ancestor', () => {
    const m = apply(
      sequence([
        { type: 'process.state', t: 5, pid: 11, state: 'S', ppid: 10 },
        { type: 'process.running', t: 0, pid: 10, ppid: 1, name: 'MainProcess' },
        { type: 'process.spawned', t: 3, pid: 11, ppid: 10, name: 'Process-1', daemon: false, target: null },
      ]),
    );
    expect(m.run.rootPid).toBe(10);
    expect(m.laneOrder).toEqual([10, 11]);
  });

  test('a 300-deep chain lays out without recursion', () => {
    const list: Unsequenced[] = [{ type: 'process.running', t: 0, pid: 1000, ppid: 1, name: 'MainProcess' }];
    for (let i = 1; i < 300; i++) list.push({ type: 'process.spawned', t: i, pid: 1000 + i, ppid: 999 + i, name: `p${i}`, daemon: false, target: null });
    const m = apply(sequence(list));
    expect(m.laneOrder).toHaveLength(300);
    expect(m.processes[1299]?.depth).toBe(299);
  });
});

describe('immutability and batching', () => {
  test('applying never mutates the previous model; untouched processes keep their identity', () => {
    const events = daemonKilledAtMainEnd;
    const first = deepFreeze(apply(events.slice(0, 9)));
    const snapshot = JSON.stringify(first);
    const next = applyEvents(first, events.slice(9, 12)); // p1 and main change; p2 does not
    expect(JSON.stringify(first)).toBe(snapshot);
    expect(next).not.toBe(first);
    expect(next.processes).not.toBe(first.processes);
    expect(next.processes[4102]).toBe(first.processes[4102]);
    expect(next.processes[4101]).not.toBe(first.processes[4101]);
    expect(next.laneOrder).toBe(first.laneOrder);
  });

  test('any split into batches gives the same model as one batch and as one event at a time', () => {
    const events = daemonKilledAtMainEnd;
    const whole = apply(events);
    for (let k = 0; k <= events.length; k++) {
      const split = applyEvents(deepFreeze(apply(events.slice(0, k))), events.slice(k));
      expect(split, `split at ${k}`).toEqual(whole);
    }
    let oneByOne = createTimelineModel();
    for (const e of events) oneByOne = deepFreeze(applyEvent(oneByOne, e));
    expect(oneByOne).toEqual(whole);
  });
});

describe('markers', () => {
  test('var, net, input and truncation become markers; vars are kept per name', () => {
    const m = apply(
      withChild([
        { type: 'process.var', t: 40, pid: 101, name: 'n', value: 0 },
        { type: 'process.var', t: 41, pid: 100, name: 'n', value: 100 },
        { type: 'process.var', t: 42, pid: 101, name: 'n', value: { deep: [1] } },
        { type: 'net.listening', t: 43, pid: 100, port: 8080 },
        { type: 'net.accepted', t: 44, pid: 100, port: 8080, peer: '127.0.0.1:5000' },
        { type: 'net.connected', t: 45, pid: 101, port: 8080, peer: '127.0.0.1:8080' },
        { type: 'net.closed', t: 46, pid: 101, port: 8080, peer: '127.0.0.1:8080' },
        { type: 'process.input', t: 47, pid: 101, text: 'hello' },
        { type: 'output.truncated', t: 48, pid: 101, droppedBytes: 4096 },
      ]),
    );
    expect(m.processes[101]?.vars).toEqual({ n: [{ t: 40, value: 0 }, { t: 42, value: { deep: [1] } }] });
    expect(m.processes[100]?.vars).toEqual({ n: [{ t: 41, value: 100 }] });
    expect(m.markers.map((x) => [x.pid, x.kind, x.label])).toEqual([
      [101, 'var', 'n = 0'],
      [100, 'var', 'n = 100'],
      [101, 'var', 'n = {"deep":[1]}'],
      [100, 'net', 'listening on :8080'],
      [100, 'net', 'accepted 127.0.0.1:5000'],
      [101, 'net', 'connected to 127.0.0.1:8080'],
      [101, 'net', 'closed 127.0.0.1:8080'],
      [101, 'input', '> hello'],
      [101, 'truncated', '4096 bytes dropped'],
    ]);
    expect(m.console.filter((l) => l.lifecycle?.kind === 'input' || l.lifecycle?.kind === 'truncated').map((l) => l.text)).toEqual(['> hello', 'output truncated: 4096 bytes dropped']);
  });

  test('typed input is a line of its own, between the prompt waiting for its newline and the reply', () => {
    const m = apply(
      withChild([
        { type: 'process.output', t: 40, pid: 101, stream: 'stdout', text: '>>: ' },
        { type: 'process.input', t: 50, pid: 101, text: 'hello' },
        { type: 'process.output', t: 60, pid: 101, stream: 'stdout', text: 'HELLO\n' },
        { type: 'process.output', t: 70, pid: 101, stream: 'stdout', text: '>>: ' },
      ]),
    );
    const lines = m.console.filter((l) => l.pid === 101 && (l.kind === 'output' || l.lifecycle?.kind === 'input'));
    expect(lines.map((l) => [l.t, l.text, l.open ?? false])).toEqual([
      [40, '>>: ', false],
      [50, '> hello', false],
      [60, 'HELLO', false],
      [70, '>>: ', true],
    ]);
  });

  test('a long output line is shortened for its marker, kept whole in the console', () => {
    const text = `${'x'.repeat(200)}\n`;
    const m = apply(withChild([{ type: 'process.output', t: 40, pid: 101, stream: 'stdout', text }]));
    expect(m.markers.at(0)?.label).toBe(`${'x'.repeat(79)}…`);
    expect(m.console.at(-1)?.text).toBe('x'.repeat(200));
  });
});

describe('console', () => {
  const outputs = (texts: string[], stream: 'stdout' | 'stderr' = 'stdout'): TimelineModel =>
    apply(withChild(texts.map((text, i): Unsequenced => ({ type: 'process.output', t: 40 + i, pid: 101, stream, text }))));
  const lines = (m: TimelineModel) => m.console.filter((l) => l.kind === 'output').map((l) => [l.text, l.open]);

  test.each([
    { name: 'whole lines', texts: ['hello bob\n'], want: [['hello bob', false]] },
    { name: 'several lines in one write', texts: ['a\nb\n'], want: [['a', false], ['b', false]] },
    { name: 'unbuffered fragments joined', texts: ['hello', ' ', 'bob', '\n'], want: [['hello bob', false]] },
    { name: 'a prompt stays open', texts: ['name: '], want: [['name: ', true]] },
    { name: 'empty line', texts: ['\n'], want: [['', false]] },
    { name: 'CRLF', texts: ['x\r\ny\r\n'], want: [['x', false], ['y', false]] },
    { name: 'fragment then more lines', texts: ['par', 't\nnext\nta', 'il'], want: [['part', false], ['next', false], ['tail', true]] },
  ])('$name', ({ texts, want }) => {
    expect(lines(outputs(texts))).toEqual(want);
  });

  test('streams and processes do not join each other’s fragments; the exit closes an open line', () => {
    const m = apply(
      withChild([
        { type: 'process.output', t: 40, pid: 101, stream: 'stdout', text: 'hello' },
        { type: 'process.output', t: 41, pid: 100, stream: 'stdout', text: 'hello' },
        { type: 'process.output', t: 42, pid: 101, stream: 'stderr', text: 'oops\n' },
        { type: 'process.output', t: 43, pid: 101, stream: 'stdout', text: ' bob\n' },
        exit(50, 100, 0),
      ]),
    );
    expect(m.console.filter((l) => l.kind === 'output').map((l) => [l.pid, l.stream, l.text, l.open])).toEqual([
      [101, 'stdout', 'hello bob', false],
      [100, 'stdout', 'hello', false],
      [101, 'stderr', 'oops', false],
    ]);
    expect(m.markers.filter((x) => x.kind === 'output')).toHaveLength(4);
  });

  test('lifecycle lines carry their facts; the text is English', () => {
    const m = apply(daemonKilledAtMainEnd);
    const life = m.console.filter((l) => l.kind === 'lifecycle').map((l) => [l.pid, l.lifecycle?.kind, l.text]);
    expect(life).toEqual([
      [4100, 'spawned', 'spawned by pid 4090'],
      [4101, 'spawned', 'spawned by MainProcess · 4100 · daemon'],
      [4102, 'spawned', 'spawned by MainProcess · 4100'],
      [4101, 'daemon-killed', "daemon: SIGTERM from MainProcess · 4100, whose code had ended"],
      [4101, 'exited', "killed by SIGTERM · exit −15 (daemon, its parent's code had ended)"],
      [4102, 'exited', 'exited · 0'],
      [4100, 'joined', 'joined Process-2 · 4102'],
      [4100, 'exited', 'exited · 0'],
      [4100, 'run-ended', 'run completed · exit 0 · 3 processes · none left over'],
    ]);
  });
});
