import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import { layoutLanes, plotHeight, segmentBoxes, spawnOrder } from '../../src/timeline/layout.js';
import { daemonKilledRun, sequence } from '../support/event-stream.js';

const metrics = { rowHeight: 60, top: 50 };

describe('layoutLanes', () => {
  const model = applyEvents(createTimelineModel(), daemonKilledRun());

  test('one lane per process in tree order: parent first, children by spawn time', () => {
    const lanes = layoutLanes(model, metrics);
    expect(lanes.map((l) => l.pid)).toEqual([4100, 4101, 4102]);
    expect(lanes.map((l) => l.depth)).toEqual([0, 1, 1]);
    expect(lanes.map((l) => l.y)).toEqual([50, 110, 170]);
  });

  test('a grandchild sits under its parent, before its parent’s later siblings', () => {
    const events = sequence([
      { type: 'process.running', t: 0, pid: 10, ppid: 1, name: 'MainProcess' },
      { type: 'process.spawned', t: 10, pid: 11, ppid: 10, name: 'a', daemon: false, target: null },
      { type: 'process.spawned', t: 20, pid: 12, ppid: 10, name: 'b', daemon: false, target: null },
      { type: 'process.spawned', t: 30, pid: 13, ppid: 11, name: 'a.child', daemon: false, target: null },
    ]);
    const lanes = layoutLanes(applyEvents(createTimelineModel(), events), metrics);
    expect(lanes.map((l) => l.pid)).toEqual([10, 11, 13, 12]);
    expect(lanes.find((l) => l.pid === 13)?.depth).toBe(2);
    // Colours follow spawn order, so inserting the grandchild's lane does not recolour `b`.
    expect(lanes.map((l) => l.colourIndex)).toEqual([0, 1, 3, 2]);
  });

  test('spawnOrder ranks by spawn time, ties by pid', () => {
    expect([...spawnOrder(model)]).toEqual([
      [4100, 0],
      [4101, 1],
      [4102, 2],
    ]);
  });

  test('plotHeight leaves half a row under the last lane', () => {
    expect(plotHeight(3, metrics)).toBe(50 + 2 * 60 + 30);
    expect(plotHeight(0, metrics)).toBe(50 + 30);
  });
});

describe('segmentBoxes', () => {
  test('closed segments keep the reducer’s boundaries', () => {
    const model = applyEvents(createTimelineModel(), daemonKilledRun());
    const p2 = model.processes[4102]!;
    const boxes = segmentBoxes(p2.segments, model.now);
    expect(boxes.map((b) => b.kind)).toEqual(p2.segments.filter((s) => s.end !== s.start).map((s) => s.kind));
    expect(boxes[0]!.start).toBe(2_500);
    expect(boxes.at(-1)!.end).toBe(3_044_000);
    expect(boxes.every((b) => !b.open)).toBe(true);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.start).toBe(boxes[i - 1]!.end);
  });

  test('the waiter’s join segment names its target and ends when join returns', () => {
    const model = applyEvents(createTimelineModel(), daemonKilledRun());
    const join = segmentBoxes(model.processes[4100]!.segments, model.now).find((b) => b.kind === 'joining');
    expect(join).toMatchObject({ start: 143_600, end: 3_044_100, target: 4102, open: false });
  });

  test('an open segment is cut at now, and marked open', () => {
    const live = applyEvents(createTimelineModel(), daemonKilledRun().slice(0, 8));
    const boxes = segmentBoxes(live.processes[4102]!.segments, 2_000_000);
    expect(boxes.at(-1)).toMatchObject({ kind: 'running', start: 5_500, end: 2_000_000, open: true });
  });

  test('an open segment never ends before it starts', () => {
    const boxes = segmentBoxes([{ kind: 'running', start: 500, end: null }], 100);
    expect(boxes).toEqual([{ kind: 'running', start: 500, end: 500, open: true }]);
  });

  test('empty closed segments are dropped', () => {
    const boxes = segmentBoxes([{ kind: 'spawned', start: 5, end: 5 }, { kind: 'running', start: 5, end: 9 }], 20);
    expect(boxes.map((b) => b.kind)).toEqual(['running']);
  });
});
