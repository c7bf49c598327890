import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, createTimelineReducer } from '../src/index.js';
import { daemonKilledAtMainEnd, exitCodesStream, orphansStream, terminateStream, zombieStream } from './streams.js';

const streams = { daemonKilledAtMainEnd, terminateStream, orphansStream, zombieStream, exitCodesStream };

describe('createTimelineReducer', () => {
  test.each(Object.entries(streams))('%s: one event at a time in place gives what applyEvents gives', (_name, events) => {
    const reducer = createTimelineReducer();
    for (const e of events) reducer.apply([e]);
    expect(reducer.model).toEqual(applyEvents(createTimelineModel(), events));
  });

  test('starts from a model without changing it, and skips what it already applied', () => {
    const events = daemonKilledAtMainEnd;
    const start = Object.freeze(applyEvents(createTimelineModel(), events.slice(0, 9)));
    const snapshot = JSON.stringify(start);
    const reducer = createTimelineReducer(start);
    reducer.apply(events.slice(5));
    expect(JSON.stringify(start)).toBe(snapshot);
    expect(reducer.model).toEqual(applyEvents(createTimelineModel(), events));
  });

  test('changes its own lists in place: no copy per event', () => {
    const reducer = createTimelineReducer();
    reducer.apply(daemonKilledAtMainEnd.slice(0, 5));
    const { console: lines, markers } = reducer.model;
    reducer.apply(daemonKilledAtMainEnd.slice(5));
    expect(reducer.model.console).toBe(lines);
    expect(reducer.model.markers).toBe(markers);
  });
});
