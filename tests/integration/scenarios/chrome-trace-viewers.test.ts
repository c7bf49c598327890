// Every committed recording (older ones carry none of the kernel's facts) still loads, and its Chrome-trace
// export draws its arrows in every viewer: Chrome DevTools' own trace engine binds one flow per spawn and
// signal arrow, and each flow event has its enclosing slice for Perfetto and chrome://tracing.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, toChromeTrace } from '@forkscope/protocol';
import { devtoolsFlows } from '../../../packages/protocol/test/devtools-engine.js';
import { loadRecordings } from './recordings.js';

describe.each(loadRecordings().map((f) => [f.file, f] as const))('%s', (_file, { header, events }) => {
  test('its export binds every arrow in DevTools and in Perfetto', async () => {
    const trace = toChromeTrace(header, events);
    const arrows = applyEvents(createTimelineModel(), events).arrows.filter((a) => a.kind !== 'join');
    const flows = await devtoolsFlows(trace.traceEvents);
    expect(flows).toHaveLength(arrows.length);
    for (const a of arrows) expect(flows.some((f) => f[0]?.pid === a.from && f[0]?.ts === a.t && f[1]?.pid === a.to && f[0]?.cat === a.kind)).toBe(true);
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    for (const flow of trace.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f')) {
      const enclosing = slices.some((x) => x.pid === flow.pid && x.tid === flow.tid && x.ts! <= flow.ts! && flow.ts! <= x.ts! + x.dur!);
      expect(enclosing, `${flow.ph} ${flow.name} ${flow.pid} ${flow.ts}`).toBe(true);
    }
  });
});
