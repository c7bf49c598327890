// The export's arrows bind in every viewer: Chrome DevTools (its own trace engine, which ties a flow event
// to the trace event with the same ts, pid, tid and cat) and Perfetto / chrome://tracing (`s` binds to the
// enclosing slice, `f` with `bp: "e"` too).
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, toChromeTrace } from '../src/index.js';
import type { ChromeTrace, ForkscopeEvent } from '../src/index.js';
import { devtoolsFlows } from './devtools-engine.js';
import { daemonKilledAtMainEnd, header, kernelFactsStream, orphansStream, terminateStream } from './streams.js';

/** Each `s`/`f` with the X slice of its own track that encloses it (ts ≤ t ≤ ts + dur), or undefined. */
function legacyBindings(trace: ChromeTrace) {
  const slices = trace.traceEvents.filter((e) => e.ph === 'X');
  return trace.traceEvents
    .filter((e) => e.ph === 's' || e.ph === 'f')
    .map((flow) => ({
      flow,
      slice: slices.find((x) => x.pid === flow.pid && x.tid === flow.tid && (x.ts ?? 0) <= (flow.ts ?? 0) && (flow.ts ?? 0) <= (x.ts ?? 0) + (x.dur ?? 0)),
    }));
}

const streams: Array<[string, ForkscopeEvent[]]> = [
  ['daemon-killed-at-main-end', daemonKilledAtMainEnd],
  ['terminate', terminateStream],
  ['orphans', orphansStream],
  ['kernel facts', kernelFactsStream],
];

describe.each(streams)('%s', (_name, events) => {
  const trace = toChromeTrace(header, events);
  const arrows = applyEvents(createTimelineModel(), events).arrows.filter((a) => a.kind !== 'join');

  test('DevTools binds one flow per spawn and signal arrow, from the sender at the send to the target', async () => {
    const flows = await devtoolsFlows(trace.traceEvents);
    expect(arrows.length).toBeGreaterThan(0);
    expect(flows).toHaveLength(arrows.length);
    for (const arrow of arrows) {
      const flow = flows.find((f) => f[0]?.pid === arrow.from && f[0]?.ts === arrow.t && f[0]?.cat === arrow.kind && f[1]?.pid === arrow.to);
      expect(flow, `${arrow.kind} ${arrow.from} → ${arrow.to} at ${arrow.t}`).toBeDefined();
      expect(flow).toHaveLength(2);
    }
  });

  test('Perfetto and chrome://tracing bind each flow event to its enclosing slice', () => {
    const bindings = legacyBindings(trace);
    expect(bindings).toHaveLength(arrows.length * 2);
    for (const { flow, slice } of bindings) {
      expect(slice, `${flow.ph} ${flow.name} pid ${flow.pid} at ${flow.ts}`).toBeDefined();
      if (flow.ph === 'f') expect(flow.bp).toBe('e');
    }
  });
});

describe('kernel facts in the export', () => {
  const trace = toChromeTrace(header, kernelFactsStream);

  test('the signal arrows carry their signal, who reported them and the kernel confirmation', () => {
    // The anchors at the sending end.
    const sends = trace.traceEvents.filter((e) => e.ph === 'X' && (e.cat === 'terminate' || e.cat === 'signal') && e.name.includes(' → '));
    expect(sends.map((e) => [e.cat, e.pid, e.ts, e.args?.signal, e.args?.source, e.args?.confirmedAt])).toEqual([
      ['terminate', 9000, 40_000, 'SIGTERM', 'process', 40_020],
      ['signal', 9000, 70_000, 'SIGKILL', 'kernel', 70_000],
      ['signal', 100, 90_000, 'SIGTERM', 'supervisor', 90_040],
    ]);
  });

  test('the supervisor, outside the run, has a track of its own for its arrows', () => {
    expect(trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'process_name' && e.pid === 100)?.args?.name).toBe('supervisor (100)');
  });

  test("memory is a counter per process; the kernel's exit and the descriptors are instants", () => {
    const counters = trace.traceEvents.filter((e) => e.ph === 'C' && e.pid === 9001);
    expect(counters.map((e) => [e.ts, e.args?.privateDirty, e.args?.shared])).toEqual([
      [32_500, 880_640, 10_039_296 + 3_700_000],
      [33_150, 995_328, 9_924_608 + 3_700_000],
    ]);
    expect(trace.traceEvents.find((e) => e.cat === 'died' && e.pid === 9001)).toMatchObject({ ph: 'i', ts: 41_000, name: 'died −15 SIGTERM' });
    expect(trace.traceEvents.find((e) => e.cat === 'fds' && e.pid === 9001)?.args?.fds).toHaveLength(4);
    const zombie = trace.traceEvents.find((e) => e.cat === 'segment' && e.pid === 9001 && e.name === 'zombie');
    expect([zombie?.ts, (zombie?.ts ?? 0) + (zombie?.dur ?? 0)]).toEqual([41_000, 60_000]);
  });
});
