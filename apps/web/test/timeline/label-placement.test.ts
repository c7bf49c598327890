// Labels and badges of a frame never overlap, and badges stay inside the plot: flipped before their
// exit when after it would cross the right edge.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type TimelineModel } from '@forkscope/protocol';
import { drawTimeline, type Scene } from '../../src/timeline/draw-timeline.js';
import type { LabelBox } from '../../src/timeline/draw/label-space.js';
import { layoutLanes } from '../../src/timeline/layout.js';
import { TimeScale } from '../../src/timeline/time-scale.js';
import { daemonKilledRun, wideRun } from '../support/event-stream.js';

function context(): CanvasRenderingContext2D {
  const state: Record<string, unknown> = { font: '10px sans-serif' };
  return new Proxy(state, {
    get: (target, prop: string) => (prop in target ? target[prop] : prop === 'measureText' ? (text: string) => ({ width: text.length * 7 }) : () => {}),
    set: (target, prop: string, value) => ((target[prop] = value), true),
  }) as unknown as CanvasRenderingContext2D;
}

const text = { spawn: 'spawn', daemonKill: 'daemon kill', terminate: 'terminate', joinReturns: 'join returns', mainCodeEnded: 'main code ended', hidden: (s: string) => `${s} s hidden`, seconds: 's', zombie: 'zombie' };

function scene(model: TimelineModel, width: number, badgeWidth: number): Scene {
  const lanes = layoutLanes(model, { rowHeight: 40, top: 50 });
  return {
    model,
    lanes,
    scale: TimeScale.fit(model.now, width - 120, { leftPx: 20 }),
    width,
    height: 50 + lanes.length * 40 + 60,
    plotLeft: 20,
    plotRight: width - 100,
    axisY: 50 + lanes.length * 40,
    barHeight: 16,
    fontScale: 1,
    now: model.now,
    showCursor: false,
    selectedSeq: null,
    hoverSeq: null,
    text,
    badgeSizes: new Map(lanes.map((l) => [l.pid, { w: badgeWidth, h: 22 }])),
  };
}

function overlaps(boxes: readonly LabelBox[]): [string, string][] {
  const out: [string, string][] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.what, b.what]);
    }),
  );
  return out;
}

describe('label placement', () => {
  test.each([
    ['the daemon run, wide', applyEvents(createTimelineModel(), daemonKilledRun()), 1200],
    ['the daemon run, narrow', applyEvents(createTimelineModel(), daemonKilledRun()), 420],
    ['forty busy lanes', applyEvents(createTimelineModel(), wideRun(40, 20)), 700],
  ])('%s: no two labels or badges overlap', (_name, model, width) => {
    const drawn = drawTimeline(context(), scene(model, width as number, 160));
    expect(drawn.labels.length).toBeGreaterThan(0);
    expect(overlaps(drawn.labels)).toEqual([]);
  });

  test('a badge that would cross the right edge is flipped before its exit, inside the plot', () => {
    const model = applyEvents(createTimelineModel(), daemonKilledRun());
    const s = scene(model, 500, 190);
    const drawn = drawTimeline(context(), s);
    for (const [pid, at] of drawn.badges) {
      expect(at.x + 190, `badge ${pid}`).toBeLessThanOrEqual(s.width - 4);
      expect(at.x).toBeGreaterThanOrEqual(s.plotLeft);
    }
    // The last exits are near the right edge: their badges sit before them.
    const main = model.processes[4100]!;
    expect(drawn.badges.get(4100)!.x).toBeLessThan(s.scale.timeToPx(main.exitedAt!));
  });
});
