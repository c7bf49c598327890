import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type TimelineModel } from '@forkscope/protocol';
import { drawTimeline, type Scene } from '../../src/timeline/draw-timeline.js';
import { layoutLanes } from '../../src/timeline/layout.js';
import { TimeScale } from '../../src/timeline/time-scale.js';
import { daemonKilledRun, wideRun } from '../support/event-stream.js';

/** A 2D context that records what was asked of it (node has no canvas). */
function recordingContext() {
  const texts: { text: string; x: number; y: number }[] = [];
  const calls: string[] = [];
  const state: Record<string, unknown> = { font: '10px sans-serif' };
  const ctx = new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      if (prop === 'fillText') return (text: string, x: number, y: number) => texts.push({ text, x, y });
      if (prop === 'measureText') return (text: string) => ({ width: text.length * 7 });
      return (..._args: unknown[]) => {
        calls.push(prop);
      };
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, texts, calls };
}

const text = {
  spawn: 'spawn',
  daemonKill: 'daemon kill',
  terminate: 'terminate',
  joinReturns: 'join returns',
  mainCodeEnded: 'main code ended',
  hidden: (s: string) => `${s} s hidden`,
  seconds: 's',
  zombie: 'zombie',
};

function scene(model: TimelineModel, overrides: Partial<Scene> = {}): Scene {
  const lanes = layoutLanes(model, { rowHeight: 60, top: 50 });
  return {
    model,
    lanes,
    scale: TimeScale.fit(model.now, 800, { leftPx: 20, breaks: [{ start: 300_000, end: 2_900_000 }], breakPx: 40 }),
    width: 1000,
    height: 260,
    plotLeft: 20,
    plotRight: 820,
    axisY: 200,
    barHeight: 20,
    fontScale: 1,
    now: model.now,
    showCursor: false,
    selectedSeq: null,
    hoverSeq: null,
    text,
    ...overrides,
  };
}

describe('drawTimeline', () => {
  const model = applyEvents(createTimelineModel(), daemonKilledRun());

  test('draws every lane, the printed lines, the daemon kill and the main-ended label', () => {
    const { ctx, texts } = recordingContext();
    const result = drawTimeline(ctx, scene(model));
    expect(result.lanesDrawn).toBe(3);
    const drawn = texts.map((t) => t.text);
    expect(drawn).toEqual(expect.arrayContaining(['123', '456', 'main-------', 'end456', 'daemon kill', 'main code ended', 'join returns', 'join(Process-2)']));
    expect(drawn.some((t) => /s hidden$/.test(t))).toBe(true);
  });

  test('puts each exit badge just after its process’s exit, on its lane', () => {
    const { ctx } = recordingContext();
    const s = scene(model);
    const result = drawTimeline(ctx, s);
    expect([...result.badges.keys()].sort()).toEqual([4100, 4101, 4102]);
    expect(result.badges.get(4101)).toEqual({ x: s.scale.timeToPx(143_500) + 10, y: 110 });
    expect(result.badges.get(4102)!.y).toBe(170);
  });

  test('before the kill, the picture has neither the kill arrow nor the badges of later exits', () => {
    const early = applyEvents(createTimelineModel(), daemonKilledRun().slice(0, 9));
    const { ctx, texts } = recordingContext();
    const result = drawTimeline(ctx, scene(early));
    expect(texts.map((t) => t.text)).not.toContain('daemon kill');
    expect(result.badges.size).toBe(0);
  });

  test('draws only the lanes in the visible band and skips markers of the others', () => {
    const wide = applyEvents(createTimelineModel(), wideRun(40, 3));
    const { ctx } = recordingContext();
    const all = drawTimeline(ctx, scene(wide, { height: 5000, axisY: 4000 }));
    const band = drawTimeline(ctx, scene(wide, { viewTop: 600, height: 300, axisY: 880 }));
    expect(all.lanesDrawn).toBe(41);
    expect(band.lanesDrawn).toBeLessThan(10);
    expect(band.lanesDrawn).toBeGreaterThan(3);
    expect(band.markersDrawn).toBeLessThan(all.markersDrawn / 4);
    // Badges are placed for every lane: they are DOM and scroll with the labels.
    expect(band.badges.size).toBe(41);
  });

  test('is a pure function of the scene: the same scene gives the same drawing calls', () => {
    const a = recordingContext();
    const b = recordingContext();
    drawTimeline(a.ctx, scene(model));
    drawTimeline(b.ctx, scene(model));
    expect(b.calls).toEqual(a.calls);
    expect(b.texts).toEqual(a.texts);
  });
});
