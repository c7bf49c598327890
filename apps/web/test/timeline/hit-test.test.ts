import { expect, test } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import { markerAt } from '../../src/timeline/hit-test.js';
import { layoutLanes } from '../../src/timeline/layout.js';
import { TimeScale } from '../../src/timeline/time-scale.js';
import { daemonKilledRun } from '../support/event-stream.js';

const model = applyEvents(createTimelineModel(), daemonKilledRun());
const lanes = layoutLanes(model, { rowHeight: 60, top: 50 });
const scale = new TimeScale({ pxPerUs: 0.001, originPx: 0 }); // 1 px per ms
const options = { laneHalfHeight: 30 };

test('finds the output marker under the pointer on the pointer’s lane', () => {
  const m = markerAt(model, lanes, scale, 42, 112, options); // Process-1's "123" at 41 ms
  expect(m).toMatchObject({ pid: 4101, kind: 'output', label: '123' });
});

test('nothing when the pointer is between markers or off every lane', () => {
  expect(markerAt(model, lanes, scale, 90, 112, options)).toBeNull();
  expect(markerAt(model, lanes, scale, 42, 400, options)).toBeNull();
});

test('markers after the replay clock are not there to hit', () => {
  expect(markerAt(model, lanes, scale, 42, 112, { ...options, upTo: 40_000 })).toBeNull();
});
