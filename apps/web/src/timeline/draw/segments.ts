// Lane bodies: one shape per state, so a state reads without its colour — starting (dashed line),
// running (solid bar), waiting in join (hatched), exiting after its own code ended (light bar, dotted
// midline), zombie (dashed outline, labelled).

import type { ProcessModel, SegmentKind } from '@forkscope/protocol';
import { THEME, type ProcessColour } from '../../theme/theme.js';
import { segmentBoxes, type LaneLayout } from '../layout.js';
import { font, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';
import { roundRect } from './shapes.js';

/** The stretch of a lane its body covers, so labels keep off it. */
export function reserveLaneBody(scene: Scene, lane: LaneLayout, p: ProcessModel, bodies: LabelSpace): void {
  const boxes = segmentBoxes(p.segments, Math.min(scene.now, p.exitedAt ?? scene.now));
  if (boxes.length === 0) return;
  const x0 = Math.max(scene.plotLeft - 10, scene.scale.timeToPx(boxes[0]!.start));
  const x1 = Math.min(scene.width, Math.max(scene.scale.timeToPx(boxes[boxes.length - 1]!.end), x0 + 1.5));
  if (x1 > x0) bodies.reserve(x0, lane.y - scene.barHeight / 2, x1 - x0, scene.barHeight, `lane:${lane.pid}`);
}

export function drawLaneBody(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, p: ProcessModel, colour: ProcessColour, space: LabelSpace): void {
  const end = p.exitedAt ?? scene.now;
  for (const box of segmentBoxes(p.segments, Math.min(scene.now, end))) {
    drawSegment(ctx, scene, lane, colour, box.kind, box.start, box.end, space, box.target);
  }
}

function drawSegment(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, colour: ProcessColour, kind: SegmentKind, start: number, end: number, space: LabelSpace, target?: number): void {
  const { scale, barHeight: bh } = scene;
  const x0 = scale.timeToPx(start);
  const x1 = Math.max(scale.timeToPx(end), x0 + 1.5);
  if (x1 < scene.plotLeft - 10 || x0 > scene.plotRight + 10) return;
  const y = lane.y - bh / 2;
  ctx.save();
  switch (kind) {
    case 'spawned':
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x0, lane.y);
      ctx.lineTo(x1, lane.y);
      ctx.stroke();
      break;
    case 'running':
      ctx.fillStyle = colour.fill;
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.fill();
      if (colour.edge !== colour.fill) {
        ctx.strokeStyle = colour.edge;
        ctx.lineWidth = 1;
        roundRect(ctx, x0 + 0.5, y + 0.5, x1 - x0 - 1, bh - 1, 4);
        ctx.stroke();
      }
      break;
    case 'exiting':
      // Its own code ended and it runs its exit handling (killing daemons, joining children).
      ctx.fillStyle = colour.fill;
      ctx.globalAlpha = 0.3;
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = 1.2;
      roundRect(ctx, x0 + 0.5, y + 0.5, x1 - x0 - 1, bh - 1, 4);
      ctx.stroke();
      ctx.setLineDash([1.5, 4]);
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x0 + 4, lane.y);
      ctx.lineTo(x1 - 4, lane.y);
      ctx.stroke();
      break;
    case 'joining':
      ctx.fillStyle = colour.fill;
      ctx.globalAlpha = 0.12;
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.save();
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.clip();
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      for (let hx = x0 - bh; hx < x1 + bh; hx += 7) {
        ctx.moveTo(hx, y + bh);
        ctx.lineTo(hx + bh, y);
      }
      ctx.stroke();
      ctx.restore();
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = 1.2;
      roundRect(ctx, x0 + 0.5, y + 0.5, x1 - x0 - 1, bh - 1, 4);
      ctx.stroke();
      break;
    case 'zombie':
      ctx.strokeStyle = THEME.zombie;
      ctx.lineWidth = 1.2;
      ctx.setLineDash([4, 3]);
      roundRect(ctx, x0 + 0.5, y + 2.5, x1 - x0 - 1, bh - 5, 4);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = font('zombie', scene.fontScale);
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      {
        const w = textWidth(ctx, scene.text.zombie);
        const h = bh - 6;
        if (x1 - x0 > w + 14 && space.tryPlace(x0 + 6, lane.y - h / 2, w, h, scene.text.zombie, true)) {
          ctx.fillStyle = THEME.zombie;
          ctx.fillText(scene.text.zombie, x0 + 6, lane.y);
        }
      }
      break;
    default:
      break;
  }
  ctx.setLineDash([]);
  // A segment running through an axis break is drawn as a dashed line inside the break.
  for (const b of scale.breaks) {
    if (start < b.start && end > b.end) {
      const bx0 = scale.timeToPx(b.start) + 4;
      const bx1 = scale.timeToPx(b.end) - 4;
      ctx.globalAlpha = 1;
      ctx.fillStyle = THEME.breakFill;
      ctx.fillRect(bx0 - 4, y - 1, bx1 - bx0 + 8, bh + 2);
      ctx.strokeStyle = kind === 'zombie' ? THEME.zombie : colour.edge;
      ctx.lineWidth = 2;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(bx0, lane.y);
      ctx.lineTo(bx1, lane.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  if (kind === 'joining') {
    const targetName = target !== undefined ? scene.model.processes[target]?.name : undefined;
    if (targetName) drawJoinPill(ctx, scene, `join(${targetName})`, x0, x1, lane.y, colour, space);
  }
  ctx.restore();
}

/** `join(Process-2)` in the first stretch of the waiting bar that no axis break covers, if it fits. */
function drawJoinPill(ctx: CanvasRenderingContext2D, scene: Scene, text: string, x0: number, x1: number, y: number, colour: ProcessColour, space: LabelSpace): void {
  const { scale } = scene;
  const fs = scene.fontScale;
  ctx.font = font('pill', fs);
  const w = textWidth(ctx, text) + 12 * fs;
  let x = Math.max(x0 + 6, scene.plotLeft + 2);
  for (const b of scale.breaks) {
    const bx0 = scale.timeToPx(b.start);
    const bx1 = scale.timeToPx(b.end);
    if (x < bx1 && x + w + 4 > bx0) x = bx1 + 6;
  }
  if (w > Math.min(x1, scene.plotRight) - x - 6) return;
  const h = Math.min(scene.barHeight - 4, 16 * fs);
  if (!space.tryPlace(x, y - h / 2, w, h, text, true)) return;
  ctx.fillStyle = THEME.card;
  roundRect(ctx, x, y - h / 2, w, h, h / 2);
  ctx.fill();
  ctx.strokeStyle = colour.edge;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = colour.text;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, x + 6 * fs, y + 0.5);
}
