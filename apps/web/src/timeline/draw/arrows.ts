// Arrows between lanes: spawn (parent → child, in the parent's colour), join returns (waiter ← target,
// dashed), terminate and daemon kill (caller → target, curved, in the danger colour), each labelled
// where its label fits without covering another.

import type { Arrow } from '@forkscope/protocol';
import { processColour, THEME } from '../../theme/theme.js';
import type { LaneLayout } from '../layout.js';
import { formatSeconds } from '../time-scale.js';
import { font, fontSize, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';
import { arrowHead } from './shapes.js';

export function drawArrows(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: ReadonlyMap<number, LaneLayout>, space: LabelSpace): void {
  const { model, scale } = scene;
  const viewTop = scene.viewTop ?? 0;
  const band = scene.barHeight * 2;
  const inView = (y: number) => y >= viewTop - band && y <= viewTop + scene.height + band;
  // Kill arrows first: their labels matter more than "join returns" when both want the same spot.
  // Spawn arrows whose child is off screen only cross the view: one line per pixel column is enough.
  const crossing = new Set<number>();
  const joins = model.arrows.reduce((n, a) => n + (a.kind === 'join' ? 1 : 0), 0);
  for (const arrow of model.arrows) {
    if (arrow.kind === 'join') continue;
    if (arrow.kind === 'spawn') {
      const to = laneOf.get(arrow.to);
      if (to && !inView(to.y)) {
        const x = Math.round(scale.timeToPx(arrow.t));
        if (crossing.has(x)) continue;
        crossing.add(x);
      }
    }
    drawArrow(ctx, scene, laneOf, arrow, space, joins);
  }
  for (const arrow of model.arrows) if (arrow.kind === 'join') drawArrow(ctx, scene, laneOf, arrow, space, joins);
}

function drawArrow(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: ReadonlyMap<number, LaneLayout>, arrow: Arrow, space: LabelSpace, joins: number): void {
  const from = laneOf.get(arrow.from);
  const to = laneOf.get(arrow.to);
  if (!from || !to || arrow.t > scene.now) return;
  const top = scene.viewTop ?? 0;
  if (Math.max(from.y, to.y) < top - 40 || Math.min(from.y, to.y) > top + scene.height + 40) return;
  const { scale, barHeight: bh, fontScale: fs } = scene;
  const down = to.y > from.y ? 1 : -1;
  ctx.save();
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  switch (arrow.kind) {
    case 'spawn': {
      const x = scale.timeToPx(arrow.t) - 7;
      if (x < scene.plotLeft - 20 || x > scene.plotRight + 20) break;
      const colour = processColour(from.colourIndex).edge;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x + 4, from.y + (bh / 2) * down);
      ctx.quadraticCurveTo(x, from.y + (bh / 2) * down, x, from.y + (bh / 2 + 6) * down);
      // Clamped to the visible band: a line to a lane far below is drawn only as far as it shows.
      const bottom = top + scene.height + 10;
      ctx.lineTo(x, Math.min(to.y, bottom));
      if (to.y <= bottom) ctx.lineTo(x + 5, to.y);
      ctx.stroke();
      if (to.y <= bottom) arrowHead(ctx, x + 9, to.y, 0, 5 * fs);
      break;
    }
    case 'join': {
      if (arrow.tEnd === null || arrow.tEnd > scene.now) break;
      const x = scale.timeToPx(arrow.tEnd);
      ctx.strokeStyle = THEME.ink;
      ctx.fillStyle = THEME.ink;
      ctx.lineWidth = 1.2;
      ctx.setLineDash([4, 3]);
      const y0 = from.y + (bh / 2 + 2) * down;
      const y1 = to.y - (bh / 2 + 7) * down;
      ctx.beginPath();
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.stroke();
      ctx.setLineDash([]);
      arrowHead(ctx, x, to.y - (bh / 2 + 1) * down, down > 0 ? Math.PI / 2 : -Math.PI / 2, 5 * fs);
      // One or two "join returns" labels explain the arrow; a loop of joins reads better without them.
      if (joins > 2) break;
      ctx.font = font('joinLabel', fs);
      const w = textWidth(ctx, scene.text.joinReturns);
      const h = fontSize('joinLabel', fs) * 1.2;
      if (Math.abs(y1 - y0) <= h) break;
      placing: for (const ly of labelRows((y0 + y1) / 2, from.y, to.y, scene)) {
        for (const lx of [x + 8, x - 8 - w]) {
          if (lx < 2 || lx + w > scene.width - 2) continue;
          if (space.tryPlace(lx, ly - h / 2, w, h, scene.text.joinReturns)) {
            ctx.fillText(scene.text.joinReturns, lx, ly);
            break placing;
          }
        }
      }
      break;
    }
    case 'terminate':
    case 'daemon-kill': {
      const x0 = scale.timeToPx(arrow.t);
      const y0 = from.y + (bh / 2 + 2) * down;
      const y1 = to.y - (bh / 2 + 4) * down;
      ctx.strokeStyle = THEME.danger;
      ctx.fillStyle = THEME.danger;
      ctx.lineWidth = 1.8;
      const bend = 18 * fs;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.bezierCurveTo(x0 + bend, y0 + (y1 - y0) * 0.3, x0 + bend, y1 - (y1 - y0) * 0.3, x0 + 2, y1 - 3 * down);
      ctx.stroke();
      arrowHead(ctx, x0 + 1, y1, down > 0 ? Math.PI * 0.62 : -Math.PI * 0.62, 6 * fs);
      const label = arrow.kind === 'daemon-kill' ? scene.text.daemonKill : scene.text.terminate;
      const time = formatSeconds(arrow.t);
      ctx.font = font('arrowLabel', fs);
      const lw = textWidth(ctx, label);
      ctx.font = font('arrowTime', fs);
      const tw = textWidth(ctx, time);
      const w = lw + 6 * fs + tw;
      const h = fontSize('arrowLabel', fs) * 1.2;
      // Beside the curve, right then left, at mid-height or in the nearest gaps between lanes.
      const ys = labelRows((y0 + y1) / 2, from.y, to.y, scene);
      const spots = ys.flatMap((ly) => [
        [x0 + bend + 10, ly],
        [x0 - 10 - w, ly],
      ]);
      for (const [lx, ly] of spots as [number, number][]) {
        if (lx < 2 || lx + w > scene.width - 2) continue;
        if (!space.tryPlace(lx, ly - h / 2, w, h, `${label} ${time}`)) continue;
        ctx.font = font('arrowLabel', fs);
        ctx.fillStyle = THEME.danger;
        ctx.fillText(label, lx, ly);
        ctx.font = font('arrowTime', fs);
        ctx.fillStyle = THEME.muted;
        ctx.fillText(time, lx + lw + 6 * fs, ly);
        break;
      }
      break;
    }
    default:
      break;
  }
  ctx.restore();
}

/** Heights to try for an arrow's label: halfway, then the gaps between the lanes it crosses, nearest first. */
function labelRows(middle: number, fromY: number, toY: number, scene: Scene): number[] {
  const top = Math.min(fromY, toY);
  const bottom = Math.max(fromY, toY);
  const gaps = scene.lanes
    .map((l) => l.y)
    .filter((y) => y >= top && y < bottom)
    .map((y, i, ys) => (y + (ys[i + 1] ?? bottom)) / 2);
  return [middle, ...gaps.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle))];
}
