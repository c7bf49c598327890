import { describe, expect, test } from 'vitest';
import { toChromeTrace } from '../src/index.js';
import type { ChromeTraceEvent } from '../src/index.js';
import { daemonKilledAtMainEnd, header, terminateStream } from './streams.js';

describe('toChromeTrace', () => {
  const trace = toChromeTrace(header, daemonKilledAtMainEnd);
  const of = (ph: ChromeTraceEvent['ph']) => trace.traceEvents.filter((e) => e.ph === ph);

  test('one process track per pid, named `name (pid)`, in lane order', () => {
    expect(of('M').filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args?.name])).toEqual([
      [4100, 'MainProcess (4100)'],
      [4101, 'Process-1 (4101)'],
      [4102, 'Process-2 (4102)'],
    ]);
    expect(of('M').filter((e) => e.name === 'process_sort_index').map((e) => e.args?.sort_index)).toEqual([0, 1, 2]);
    expect(trace.otherData).toMatchObject({ runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    expect(trace.displayTimeUnit).toBe('ms');
  });

  test('a lifetime slice per process in µs with exit code and signal in args; segments nest inside it', () => {
    const lifetimes = of('X').filter((e) => e.cat === 'process');
    expect(lifetimes.find((e) => e.pid === 4101)).toMatchObject({
      name: 'Process-1',
      ts: 39_900,
      dur: 143_100 - 39_900,
      args: { exitCode: -15, signal: 'SIGTERM', cause: 'daemon-killed', daemon: true },
    });
    for (const life of lifetimes) {
      const inner = of('X').filter((e) => e.cat === 'segment' && e.pid === life.pid);
      expect(inner.length).toBeGreaterThan(0);
      for (const s of inner) {
        expect(s.ts!).toBeGreaterThanOrEqual(life.ts!);
        expect(s.ts! + s.dur!).toBeLessThanOrEqual(life.ts! + life.dur!);
      }
    }
    expect(of('X').find((e) => e.pid === 4100 && e.name === 'join Process-2 (4102)')).toMatchObject({ ts: 142_900, dur: 3_044_200 - 142_900 });
  });

  test('spawn and kill flows pair up by id; output and exits are instants', () => {
    const starts = of('s');
    const ends = of('f');
    expect(starts.map((e) => [e.name, e.pid])).toEqual([
      ['spawn', 4100],
      ['spawn', 4100],
      ['daemon-kill', 4100],
    ]);
    expect(ends.map((e) => [e.id, e.pid, e.bp])).toEqual(starts.map((e, i) => [e.id, [4101, 4102, 4101][i], 'e']));
    expect(of('i').filter((e) => e.cat === 'output').map((e) => [e.pid, e.name, e.args?.text])).toEqual([
      [4101, '123', '123\n'],
      [4102, '456', '456\n'],
      [4100, 'main-------', 'main-------\n'],
      [4102, 'end456', 'end456\n'],
    ]);
    expect(of('i').filter((e) => e.cat === 'exit').map((e) => [e.pid, e.name])).toEqual([
      [4101, 'exit −15 SIGTERM'],
      [4102, 'exit 0'],
      [4100, 'exit 0'],
    ]);
  });

  test('timed events are sorted and the whole thing is plain JSON', () => {
    const ts = trace.traceEvents.filter((e) => e.ph !== 'M').map((e) => e.ts ?? 0);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  });

  test('terminate flows go from the caller to the target', () => {
    const t = toChromeTrace({ ...header, scenario: 'terminate' }, terminateStream);
    const s = t.traceEvents.find((e) => e.ph === 's' && e.name === 'terminate');
    const f = t.traceEvents.find((e) => e.ph === 'f' && e.id === s?.id);
    expect([s?.pid, s?.ts, f?.pid, f?.ts]).toEqual([8000, 37_200, 8001, 40_500]);
  });
});
