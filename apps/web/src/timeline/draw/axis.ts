// The time axis (ticks at 1-2-5 steps, never before 0), the axis breaks that hide idle stretches, and
// the "now" cursor.

import { THEME } from '../../theme/theme.js';
import { font, fontSize, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';
import { roundRect } from './shapes.js';

/** The grey bands behind the lanes where time is hidden. */
export function drawBreakBands(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { scale } = scene;
  ctx.fillStyle = THEME.breakFill;
  const top = (scene.viewTop ?? 0) + 4;
  for (const b of scale.breaks) {
    const x0 = scale.timeToPx(b.start);
    const x1 = scale.timeToPx(b.end);
    roundRect(ctx, x0, top, x1 - x0, scene.axisY - top, 6);
    ctx.fill();
  }
}

export function drawAxis(ctx: CanvasRenderingContext2D, scene: Scene, space: LabelSpace): void {
  const { scale, axisY, fontScale: fs } = scene;
  ctx.save();
  // Lanes scrolled under the axis stay under it.
  ctx.fillStyle = THEME.card;
  ctx.fillRect(0, axisY + 1, scene.width, (scene.viewTop ?? 0) + scene.height - axisY);
  ctx.strokeStyle = THEME.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(Math.max(scene.plotLeft, scale.timeToPx(0)), axisY + 0.5);
  ctx.lineTo(scene.plotRight, axisY + 0.5);
  ctx.stroke();
  ctx.font = font('axisTick', fs);
  ctx.fillStyle = THEME.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const tickH = fontSize('axisTick', fs) * 1.2;
  let lastRight = -Infinity;
  for (const tick of scale.ticks(scene.plotLeft, scene.plotRight, 70 * fs)) {
    const w = textWidth(ctx, tick.label);
    if (tick.x - w / 2 < lastRight + 6 || tick.x < scene.plotLeft - 1 || tick.x > scene.plotRight + 1) continue;
    ctx.beginPath();
    ctx.moveTo(tick.x + 0.5, axisY);
    ctx.lineTo(tick.x + 0.5, axisY + 5);
    ctx.stroke();
    const left = Math.max(2, Math.min(tick.x - w / 2, scene.width - 2 - w));
    ctx.fillText(tick.label, left + w / 2, axisY + 8);
    space.reserve(left, axisY + 8, w, tickH, tick.label);
    lastRight = left + w;
  }
  ctx.font = font('breakLabel', fs);
  const labelH = fontSize('breakLabel', fs) * 1.2;
  for (const b of scale.breaks) {
    const x0 = scale.timeToPx(b.start);
    const x1 = scale.timeToPx(b.end);
    ctx.fillStyle = THEME.card;
    ctx.fillRect(x0 + 1, axisY - 3, x1 - x0 - 2, 7);
    ctx.strokeStyle = THEME.axis;
    ctx.beginPath();
    for (const bx of [x0 + 3, x1 - 3]) {
      ctx.moveTo(bx - 3, axisY + 6);
      ctx.lineTo(bx + 3, axisY - 6);
    }
    ctx.stroke();
    const text = scene.text.hidden(((b.end - b.start) / 1e6).toFixed(2));
    const w = textWidth(ctx, text);
    const left = Math.max(2, Math.min((x0 + x1) / 2 - w / 2, scene.width - 2 - w));
    const top = axisY + 12 + tickH;
    if (space.tryPlace(left, top, w, labelH, text, true)) {
      ctx.fillStyle = THEME.muted;
      ctx.fillText(text, left + w / 2, top);
    }
  }
  ctx.restore();
}

export function drawCursor(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const x = scene.scale.timeToPx(scene.now);
  if (x < scene.plotLeft - 2 || x > scene.plotRight + 100) return;
  ctx.save();
  ctx.strokeStyle = THEME.cursor;
  ctx.lineWidth = 1.5;
  const top = scene.viewTop ?? 0;
  ctx.beginPath();
  ctx.moveTo(x + 0.5, top + 2);
  ctx.lineTo(x + 0.5, scene.axisY);
  ctx.stroke();
  ctx.fillStyle = THEME.cursor;
  ctx.beginPath();
  ctx.moveTo(x - 5, top);
  ctx.lineTo(x + 6, top);
  ctx.lineTo(x + 0.5, top + 7);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}
