import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type ChunkedList, type Marker } from '@forkscope/protocol';
import { MarkerIndex } from '../../src/timeline/marker-index.js';
import { daemonKilledRun, wideRun } from '../support/event-stream.js';

/** The markers of `pid` and `kind` with t in [from, to], the slow way. */
function scan(markers: ChunkedList<Marker>, pid: number, kind: Marker['kind'], from: number, to: number): number[] {
  return markers.filter((m) => m.pid === pid && m.kind === kind && m.t >= from && m.t <= to).map((m) => m.seq);
}

function query(index: MarkerIndex, pid: number, kind: Marker['kind'], from: number, to: number): number[] {
  const list = index.lane(pid).get(kind) ?? [];
  const out: number[] = [];
  for (let j = index.lowerBound(list, from); j < list.length && index.at(list[j]!).t <= to; j++) out.push(index.at(list[j]!).seq);
  return out;
}

describe('MarkerIndex', () => {
  const events = wideRun(12, 40);
  const model = applyEvents(createTimelineModel(), events);

  test('finds by binary search exactly the markers a scan finds, per lane and kind', () => {
    const index = new MarkerIndex();
    index.update(model.markers);
    for (const pid of [1000, 1005, 1011]) {
      for (const [from, to] of [[0, Infinity], [300, 2000], [5000, 5200], [1e9, 2e9]] as const) {
        expect(query(index, pid, 'output', from, to)).toEqual(scan(model.markers, pid, 'output', from, to));
      }
    }
    expect(query(index, 100, 'exit', 0, Infinity)).toEqual(scan(model.markers, 100, 'exit', 0, Infinity));
  });

  test('follows a growing model by adding only the new markers, and rebuilds for an unrelated one', () => {
    const index = new MarkerIndex();
    let m = createTimelineModel();
    for (let i = 0; i < events.length; i += 37) {
      m = applyEvents(m, events.slice(i, i + 37));
      index.update(m.markers);
      expect(query(index, 1003, 'output', 0, Infinity)).toEqual(scan(m.markers, 1003, 'output', 0, Infinity));
    }
    const other = applyEvents(createTimelineModel(), daemonKilledRun());
    index.update(other.markers);
    expect(index.lane(1003).size).toBe(0);
    expect(query(index, 4101, 'output', 0, Infinity)).toEqual(scan(other.markers, 4101, 'output', 0, Infinity));
  });

  test('keeps each list in time order when times arrive slightly out of order', () => {
    const shuffled = daemonKilledRun().map((e) => (e.type === 'process.output' && e.pid === 4102 ? { ...e, t: 60_000 - e.seq } : e));
    const m = applyEvents(createTimelineModel(), shuffled);
    const index = new MarkerIndex();
    index.update(m.markers);
    const times = (index.lane(4102).get('output') ?? []).map((i) => index.at(i).t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
