// Labels that belong to the run rather than to one marker: "main code ended" over its dashed line, and
// the places of the DOM exit badges — after the exit, or flipped inside the plot when that would cross
// its right edge.

import type { LaneLayout } from '../layout.js';
import { THEME } from '../../theme/theme.js';
import { formatSeconds } from '../time-scale.js';
import { font, fontSize, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';

/** Places every exit badge (also of lanes out of view: they are DOM and scroll with the labels) and reserves its box. */
export function placeBadges(scene: Scene, space: LabelSpace): Map<number, { x: number; y: number }> {
  const out = new Map<number, { x: number; y: number }>();
  for (const lane of scene.lanes) {
    const p = scene.model.processes[lane.pid];
    if (!p || p.exitedAt === null) continue;
    const exitX = scene.scale.timeToPx(p.exitedAt);
    let x = exitX + 10;
    const size = scene.badgeSizes?.get(lane.pid);
    if (size) {
      if (x + size.w > scene.width - 4) x = Math.max(scene.plotLeft, Math.min(exitX - 10, scene.width - 4) - size.w);
      // Off the plot to the left or right (zoomed or panned away), or under the axis: not shown, nothing reserved.
      if (exitX >= scene.plotLeft - 20 && exitX <= scene.width + 40 && lane.y + size.h / 2 <= scene.axisY) {
        space.reserve(x, lane.y - size.h / 2, size.w, size.h, `badge:${lane.pid}`);
      }
    }
    out.set(lane.pid, { x, y: lane.y });
  }
  return out;
}

export function drawMainEnded(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: ReadonlyMap<number, LaneLayout>, space: LabelSpace): void {
  const root = scene.model.run.rootPid;
  if (root === null) return;
  const p = scene.model.processes[root];
  if (!p || p.mainEndedAt === null || p.mainEndedAt > scene.now || !laneOf.has(root)) return;
  const x = scene.scale.timeToPx(p.mainEndedAt);
  if (x < scene.plotLeft - 2 || x > scene.plotRight + 2) return;
  const fs = scene.fontScale;
  const top = (scene.viewTop ?? 0) + 10 * fs;
  ctx.save();
  ctx.strokeStyle = THEME.ink;
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, scene.axisY);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = THEME.ink;
  ctx.beginPath();
  ctx.arc(x, top, 3.5 * fs, 0, Math.PI * 2);
  ctx.fill();
  const time = `${formatSeconds(p.mainEndedAt)} ${scene.text.seconds}`;
  ctx.font = font('mainEndedTime', fs);
  const timeWidth = textWidth(ctx, time);
  ctx.font = font('mainEnded', fs);
  const textW = textWidth(ctx, scene.text.mainCodeEnded);
  const width = textW + 6 * fs + timeWidth;
  const h = fontSize('mainEnded', fs) * 1.3;
  // Left of the line as in the sketches, or right of it when there is no room on the left.
  const left = x - 10 - width >= 4 ? x - 10 - width : Math.min(x + 10, scene.width - 4 - width);
  if (!space.tryPlace(left, top - h / 2, width, h, scene.text.mainCodeEnded)) {
    ctx.restore();
    return;
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = THEME.ink;
  ctx.fillText(scene.text.mainCodeEnded, left, top);
  ctx.font = font('mainEndedTime', fs);
  ctx.fillStyle = THEME.muted;
  ctx.fillText(time, left + textW + 6 * fs, top);
  ctx.restore();
}
