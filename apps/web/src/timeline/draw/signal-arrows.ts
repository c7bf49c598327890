// Signals on the timeline beyond a process's own terminate(): a signal only the kernel saw (a bare os.kill),
// and the supervisor's (a cancel), drawn as a straight arrow into the target's bar — from the sender's lane,
// or from above it when the sender is no lane of the run; and on every signal arrow the kernel confirmed, a
// small tick at its head, so a reader tells the kernel's word from a process's report.

import type { Arrow } from '@forkscope/protocol';
import { THEME } from '../../theme/theme.js';
import type { LaneLayout } from '../layout.js';
import { font, fontSize, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';
import { arrowHead } from './shapes.js';

/** Where an arrow starts: the sender's lane, or (a sender outside the lanes) above the target. */
export function signalArrowStart(arrow: Arrow, laneOf: ReadonlyMap<number, LaneLayout>, to: LaneLayout, rowHeight: number): { y: number; outside: boolean } {
  const from = laneOf.get(arrow.from);
  if (from && from.pid !== to.pid) return { y: from.y, outside: false };
  return { y: to.y - rowHeight * 0.45, outside: true };
}

/** `SIGTERM · supervisor`, `SIGKILL · bash`: a signal from a sender that is no lane of the run. */
export function outsideLabel(scene: Pick<Scene, 'model' | 'text'>, arrow: Arrow): string {
  const entry = scene.model.processes[arrow.to]?.signals?.find((s) => s.by === arrow.from && s.signal === arrow.signal);
  const sender = entry?.source === 'supervisor' ? (scene.text.supervisor ?? 'supervisor') : arrow.from === 0 ? 'kernel' : (entry?.byName ?? `pid ${arrow.from}`);
  return `${arrow.signal ?? 'signal'} · ${sender}`;
}

export function drawSignalArrows(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: ReadonlyMap<number, LaneLayout>, space: LabelSpace): void {
  const rowHeight = scene.lanes.length > 1 ? Math.abs((scene.lanes[1] as LaneLayout).y - (scene.lanes[0] as LaneLayout).y) : 58;
  const top = scene.viewTop ?? 0;
  for (const arrow of scene.model.arrows) {
    if (arrow.t > scene.now) continue;
    if (arrow.kind !== 'signal' && arrow.kind !== 'terminate' && arrow.kind !== 'daemon-kill') continue;
    const to = laneOf.get(arrow.to);
    if (!to || to.y < top - 40 || to.y > top + scene.height + 40) continue;
    const x = scene.scale.timeToPx(arrow.t);
    if (x < scene.plotLeft - 20 || x > scene.plotRight + 20) continue;
    if (arrow.kind === 'signal') drawSignal(ctx, scene, arrow, laneOf, to, rowHeight, x, space);
    if (arrow.confirmedAt !== undefined && arrow.confirmedAt <= scene.now) drawTick(ctx, scene, to, scene.scale.timeToPx(arrow.confirmedAt));
  }
}

function drawSignal(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  arrow: Arrow,
  laneOf: ReadonlyMap<number, LaneLayout>,
  to: LaneLayout,
  rowHeight: number,
  x: number,
  space: LabelSpace,
): void {
  const { barHeight: bh, fontScale: fs } = scene;
  const start = signalArrowStart(arrow, laneOf, to, rowHeight);
  const down = to.y > start.y ? 1 : -1;
  const y0 = start.outside ? start.y : start.y + (bh / 2 + 2) * down;
  const y1 = to.y - (bh / 2 + 4) * down;
  ctx.save();
  ctx.strokeStyle = THEME.danger;
  ctx.fillStyle = THEME.danger;
  ctx.lineWidth = 1.6;
  // A report only the supervisor made (the kernel did not see it, or could not look) is dashed.
  if (arrow.source !== 'kernel' && arrow.confirmedAt === undefined) ctx.setLineDash([5, 3]);
  ctx.beginPath();
  ctx.moveTo(x, y0);
  ctx.lineTo(x, y1 - 3 * down);
  ctx.stroke();
  ctx.setLineDash([]);
  arrowHead(ctx, x, y1, down > 0 ? Math.PI / 2 : -Math.PI / 2, 5 * fs);
  const label = start.outside ? outsideLabel(scene, arrow) : (arrow.signal ?? 'signal');
  ctx.font = font('arrowLabel', fs);
  const w = textWidth(ctx, label);
  const h = fontSize('arrowLabel', fs) * 1.2;
  const ly = start.outside ? y0 + h / 2 : (y0 + y1) / 2;
  for (const lx of [x + 6 * fs, x - 6 * fs - w]) {
    if (lx < 2 || lx + w > scene.width - 2) continue;
    if (!space.tryPlace(lx, ly - h / 2, w, h, label)) continue;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(label, lx, ly);
    break;
  }
  ctx.restore();
}

/** The kernel's tick: a small check mark on the target's bar edge at the moment the kernel generated the signal. */
function drawTick(ctx: CanvasRenderingContext2D, scene: Scene, to: LaneLayout, x: number): void {
  const fs = scene.fontScale;
  const y = to.y - scene.barHeight / 2 - 7 * fs;
  ctx.save();
  ctx.fillStyle = THEME.card;
  ctx.strokeStyle = THEME.ink;
  ctx.lineWidth = 1.3;
  ctx.beginPath();
  ctx.arc(x, y, 4.5 * fs, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x - 2.2 * fs, y);
  ctx.lineTo(x - 0.5 * fs, y + 1.8 * fs);
  ctx.lineTo(x + 2.4 * fs, y - 1.8 * fs);
  ctx.stroke();
  ctx.restore();
}
