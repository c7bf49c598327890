// Draws the dense part of the timeline — lane bodies, markers, arrows, axis, breaks, cursor — onto a 2D
// canvas. A pure function of its scene: the same model and viewport always give the same pixels.
// Labels that must be readable and clickable (lane names, exit badges) are DOM, positioned by the caller
// from `DrawResult`.

import type { Arrow, Marker, TimelineModel } from '@forkscope/protocol';
import type { LaneLayout } from './layout.js';
import { segmentBoxes } from './layout.js';
import { processColour, THEME } from './palette.js';
import { formatSeconds, type TimeScale } from './time-scale.js';

export interface SceneText {
  spawn: string;
  daemonKill: string;
  terminate: string;
  joinReturns: string;
  mainCodeEnded: string;
  hidden: (seconds: string) => string;
  seconds: string;
  zombie: string;
}

export interface Scene {
  model: TimelineModel;
  lanes: readonly LaneLayout[];
  scale: TimeScale;
  width: number;
  height: number;
  /** Plot area, CSS px: lanes are drawn between these x. */
  plotLeft: number;
  plotRight: number;
  /** y of the axis line. */
  axisY: number;
  /** Content y at the canvas's top edge: the canvas is one viewport tall and follows vertical scrolling. */
  viewTop?: number;
  barHeight: number;
  /** 1 normally, larger in presenter mode. */
  fontScale: number;
  /** The "now" cursor time, µs. */
  now: number;
  showCursor: boolean;
  selectedSeq: number | null;
  hoverSeq: number | null;
  text: SceneText;
}

export interface DrawResult {
  /** Where each lane's exit badge goes (left edge x, centre y). */
  badges: Map<number, { x: number; y: number }>;
  lanesDrawn: number;
  markersDrawn: number;
}

const KIND_SLOT: Record<Marker['kind'], number> = {
  output: 0, error: 1, terminate: 2, 'daemon-kill': 3, 'alive-check': 4, 'main-ended': 5, exit: 6, var: 7, net: 8, input: 9, truncated: 10,
};

/** Text widths by font and text: dense lanes print the same short lines over and over. */
const widthCache = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    if (widthCache.size > 5000) widthCache.clear();
    w = ctx.measureText(text).width;
    widthCache.set(key, w);
  }
  return w;
}

const FONT = '"Source Sans 3", "Noto Sans SC", "PingFang SC", system-ui, sans-serif';
const MONO = '"JetBrains Mono", "Noto Sans Mono", ui-monospace, monospace';

/** Rectangles already covered by free-standing labels, so later labels that would overlap are left out. */
class LabelSpace {
  private readonly taken: { x0: number; y0: number; x1: number; y1: number }[] = [];

  tryPlace(x: number, y: number, w: number, h: number): boolean {
    const r = { x0: x - 2, y0: y - 1, x1: x + w + 2, y1: y + h + 1 };
    if (this.taken.some((o) => r.x0 < o.x1 && r.x1 > o.x0 && r.y0 < o.y1 && r.y1 > o.y0)) return false;
    this.taken.push(r);
    return true;
  }
}

export function drawTimeline(ctx: CanvasRenderingContext2D, scene: Scene): DrawResult {
  const { model, lanes, scale } = scene;
  const laneOf = new Map(lanes.map((l) => [l.pid, l]));
  const result: DrawResult = { badges: new Map(), lanesDrawn: 0, markersDrawn: 0 };
  const viewTop = scene.viewTop ?? 0;
  const band = scene.barHeight * 2;
  const inView = (y: number) => y >= viewTop - band && y <= viewTop + scene.height + band;
  ctx.clearRect(0, 0, scene.width, scene.height);
  ctx.save();
  ctx.translate(0, -viewTop);
  ctx.beginPath();
  ctx.rect(0, viewTop, scene.width, scene.height);
  ctx.clip();

  const space = new LabelSpace();
  drawBreaks(ctx, scene);
  drawMainEnded(ctx, scene, laneOf, space);

  // Lane bodies, only for lanes inside the visible band.
  for (const lane of lanes) {
    const p = model.processes[lane.pid];
    if (!p) continue;
    if (p.exitedAt !== null) result.badges.set(lane.pid, { x: scale.timeToPx(p.exitedAt) + 10, y: lane.y });
    if (!inView(lane.y)) continue;
    result.lanesDrawn += 1;
    const colour = processColour(lane.colourIndex);
    const end = p.exitedAt ?? scene.now;
    for (const box of segmentBoxes(p.segments, Math.min(scene.now, end))) {
      drawSegment(ctx, scene, lane, colour, box.kind, box.start, box.end, box.target);
    }
  }

  // Kill arrows first: their labels matter more than "join returns" when both want the same spot.
  // Spawn arrows whose child is off screen only cross the view: one line per pixel column is enough.
  const crossing = new Set<number>();
  for (const arrow of model.arrows) {
    if (arrow.kind === 'spawn') {
      const to = laneOf.get(arrow.to);
      if (to && !inView(to.y)) {
        const x = Math.round(scale.timeToPx(arrow.t));
        if (crossing.has(x)) continue;
        crossing.add(x);
      }
    }
    if (arrow.kind !== 'join') drawArrow(ctx, scene, laneOf, arrow, space);
  }
  for (const arrow of model.arrows) if (arrow.kind === 'join') drawArrow(ctx, scene, laneOf, arrow, space);

  // Markers above bars, output labels above markers.
  // Dense lanes put many markers on one pixel: draw one per pixel and kind, except the emphasised.
  const labelEnds = new Map<number, number>();
  const lastX = new Map<number, number>();
  for (const marker of model.markers) {
    const lane = laneOf.get(marker.pid);
    if (!lane || !inView(lane.y)) continue;
    const x = scale.timeToPx(marker.t);
    if (x < scene.plotLeft - 20 || x > scene.plotRight + 100) continue;
    const slot = marker.pid * 16 + KIND_SLOT[marker.kind];
    const emphasised = marker.seq === scene.selectedSeq || marker.seq === scene.hoverSeq;
    if (!emphasised && Math.abs((lastX.get(slot) ?? -Infinity) - x) < 1.5) continue;
    lastX.set(slot, x);
    result.markersDrawn += 1;
    drawMarker(ctx, scene, lane, marker, x, labelEnds);
  }

  drawAxis(ctx, scene);
  if (scene.showCursor) drawCursor(ctx, scene);
  ctx.restore();
  return result;
}

function drawBreaks(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { scale } = scene;
  for (const b of scale.breaks) {
    const x0 = scale.timeToPx(b.start);
    const x1 = scale.timeToPx(b.end);
    ctx.fillStyle = THEME.breakFill;
    const top = (scene.viewTop ?? 0) + 4;
    roundRect(ctx, x0, top, x1 - x0, scene.axisY - top, 6);
    ctx.fill();
  }
}

function drawMainEnded(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: Map<number, LaneLayout>, space: LabelSpace): void {
  const root = scene.model.run.rootPid;
  if (root === null) return;
  const p = scene.model.processes[root];
  if (!p || p.mainEndedAt === null || p.mainEndedAt > scene.now) return;
  const x = scene.scale.timeToPx(p.mainEndedAt);
  const lane = laneOf.get(root);
  if (!lane) return;
  const fs = scene.fontScale;
  ctx.save();
  ctx.strokeStyle = THEME.ink;
  ctx.globalAlpha = 0.7;
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  ctx.moveTo(x, 14 * fs);
  ctx.lineTo(x, scene.axisY);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  ctx.fillStyle = THEME.ink;
  ctx.beginPath();
  ctx.arc(x, 14 * fs, 3.5 * fs, 0, Math.PI * 2);
  ctx.fill();
  ctx.font = `600 ${13 * fs}px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const time = `${formatSeconds(p.mainEndedAt)} ${scene.text.seconds}`;
  ctx.font = `${11.5 * fs}px ${MONO}`;
  const timeWidth = ctx.measureText(time).width;
  ctx.font = `600 ${13 * fs}px ${FONT}`;
  const labelWidth = ctx.measureText(scene.text.mainCodeEnded).width + timeWidth + 16;
  // Left of the line as in the sketches, or right of it when there is no room on the left.
  const right = x - labelWidth < 4;
  const left = right ? x + 10 + labelWidth : x;
  ctx.font = `${11.5 * fs}px ${MONO}`;
  ctx.fillStyle = THEME.muted;
  ctx.fillText(time, left - 10, 14 * fs);
  ctx.font = `600 ${13 * fs}px ${FONT}`;
  ctx.fillStyle = THEME.ink;
  ctx.fillText(scene.text.mainCodeEnded, left - 16 - timeWidth, 14 * fs);
  space.tryPlace(left - labelWidth, 14 * fs - 9 * fs, labelWidth + 8, 18 * fs);
  ctx.restore();
}

function drawSegment(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, colour: string, kind: string, start: number, end: number, target?: number): void {
  const { scale, barHeight: bh } = scene;
  const x0 = scale.timeToPx(start);
  const x1 = Math.max(scale.timeToPx(end), x0 + 1.5);
  if (x1 < scene.plotLeft - 10 || x0 > scene.plotRight + 10) return;
  const y = lane.y - bh / 2;
  ctx.save();
  switch (kind) {
    case 'spawned': {
      ctx.strokeStyle = colour;
      ctx.globalAlpha = 0.55;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x0, lane.y);
      ctx.lineTo(x1, lane.y);
      ctx.stroke();
      break;
    }
    case 'running':
    case 'exiting': {
      // exiting: its own code ended and it runs its exit handling; the running bar, faded.
      ctx.fillStyle = colour;
      if (kind === 'exiting') ctx.globalAlpha = 0.4;
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.fill();
      break;
    }
    case 'joining': {
      ctx.fillStyle = colour;
      ctx.globalAlpha = 0.12;
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.fill();
      ctx.globalAlpha = 0.55;
      ctx.save();
      roundRect(ctx, x0, y, x1 - x0, bh, 4);
      ctx.clip();
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.4;
      ctx.beginPath();
      for (let hx = x0 - bh; hx < x1 + bh; hx += 7) {
        ctx.moveTo(hx, y + bh);
        ctx.lineTo(hx + bh, y);
      }
      ctx.stroke();
      ctx.restore();
      ctx.globalAlpha = 0.9;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.2;
      roundRect(ctx, x0 + 0.5, y + 0.5, x1 - x0 - 1, bh - 1, 4);
      ctx.stroke();
      break;
    }
    case 'zombie': {
      ctx.strokeStyle = THEME.zombie;
      ctx.lineWidth = 1.2;
      ctx.setLineDash([4, 3]);
      roundRect(ctx, x0 + 0.5, y + 2.5, x1 - x0 - 1, bh - 5, 4);
      ctx.stroke();
      ctx.setLineDash([]);
      if (x1 - x0 > 60) {
        ctx.fillStyle = THEME.zombie;
        ctx.font = `italic ${11 * scene.fontScale}px ${FONT}`;
        ctx.textBaseline = 'middle';
        ctx.fillText(scene.text.zombie, x0 + 6, lane.y);
      }
      break;
    }
    default:
      break;
  }
  // A segment running through an axis break is drawn as a dashed line inside the break.
  for (const b of scale.breaks) {
    if (start < b.start && end > b.end) {
      const bx0 = scale.timeToPx(b.start) + 4;
      const bx1 = scale.timeToPx(b.end) - 4;
      ctx.globalAlpha = 1;
      ctx.fillStyle = THEME.breakFill;
      ctx.fillRect(bx0 - 4, y - 1, bx1 - bx0 + 8, bh + 2);
      ctx.strokeStyle = kind === 'zombie' ? THEME.zombie : colour;
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
    if (targetName) {
      // The label goes in the first stretch of the segment that no axis break covers.
      const text = `join(${targetName})`;
      ctx.font = `${11.5 * scene.fontScale}px ${FONT}`;
      const w = textWidth(ctx, text) + 12 * scene.fontScale;
      let lx = x0 + 6;
      for (const b of scale.breaks) {
        const bx0 = scale.timeToPx(b.start);
        const bx1 = scale.timeToPx(b.end);
        if (lx < bx1 && lx + w + 4 > bx0) lx = bx1 + 6;
      }
      drawPillLabel(ctx, scene, text, lx, lane.y, colour, x1 - lx - 6);
    }
  }
  ctx.restore();
}

function drawPillLabel(ctx: CanvasRenderingContext2D, scene: Scene, text: string, x: number, y: number, colour: string, maxWidth: number): void {
  const fs = scene.fontScale;
  ctx.font = `${11.5 * fs}px ${FONT}`;
  const w = ctx.measureText(text).width + 12 * fs;
  if (w > maxWidth) return;
  const h = Math.min(scene.barHeight - 4, 16 * fs);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#ffffff';
  roundRect(ctx, x, y - h / 2, w, h, h / 2);
  ctx.fill();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = colour;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, x + 6 * fs, y + 0.5);
}

function drawMarker(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, marker: Marker, x: number, labelEnds: Map<number, number>): void {
  const fs = scene.fontScale;
  const bh = scene.barHeight;
  const colour = processColour(lane.colourIndex);
  const emphasised = marker.seq === scene.selectedSeq || marker.seq === scene.hoverSeq;
  const r = (emphasised ? 5 : 3.5) * fs;
  // No save/restore per marker (thousands per frame): every case sets what it uses.
  ctx.textAlign = 'left';
  switch (marker.kind) {
    case 'output': {
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(x, lane.y, r, 0, Math.PI * 2);
      ctx.fill();
      if (emphasised) ctx.stroke();
      // The printed text above the bar, unless it would overlap the previous label of this lane.
      const text = marker.label.length > 28 ? `${marker.label.slice(0, 27)}…` : marker.label;
      const end = labelEnds.get(lane.pid) ?? -Infinity;
      // Cheap test first: measuring text is the costly part of a dense lane.
      if (end < x && text.trim() !== '') {
        ctx.font = `600 ${12 * fs}px ${MONO}`;
        const w = textWidth(ctx, text);
        const lx = Math.max(x - w / 2, scene.plotLeft);
        if (end < lx - 6) {
          ctx.fillStyle = colour;
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, lx, lane.y - bh / 2 - 3);
          labelEnds.set(lane.pid, lx + w);
        }
      }
      break;
    }
    case 'error': {
      ctx.fillStyle = THEME.danger;
      ctx.beginPath();
      ctx.arc(x, lane.y, r + 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1.6;
      const s = r * 0.7;
      ctx.beginPath();
      ctx.moveTo(x - s, lane.y - s);
      ctx.lineTo(x + s, lane.y + s);
      ctx.moveTo(x + s, lane.y - s);
      ctx.lineTo(x - s, lane.y + s);
      ctx.stroke();
      break;
    }
    case 'daemon-kill':
    case 'terminate': {
      ctx.fillStyle = THEME.danger;
      if (marker.kind === 'daemon-kill') {
        ctx.fillRect(x - 2, lane.y - bh / 2 - 3, 4, bh + 6);
      } else {
        ctx.beginPath();
        ctx.moveTo(x, lane.y - r - 2);
        ctx.lineTo(x + r + 2, lane.y);
        ctx.lineTo(x, lane.y + r + 2);
        ctx.lineTo(x - r - 2, lane.y);
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case 'alive-check':
    case 'var':
    case 'input':
    case 'net':
    case 'truncated': {
      const tone = marker.kind === 'truncated' ? '#e67700' : colour;
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = tone;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.rect(x - r, lane.y - r, r * 2, r * 2);
      ctx.fill();
      ctx.stroke();
      const text = marker.label.length > 24 ? `${marker.label.slice(0, 23)}…` : marker.label;
      ctx.font = `${11 * fs}px ${MONO}`;
      const w = ctx.measureText(text).width;
      if ((labelEnds.get(-lane.pid) ?? -Infinity) < x - 6 && text) {
        ctx.fillStyle = tone;
        ctx.textBaseline = 'top';
        ctx.fillText(text, x - 4, lane.y + bh / 2 + 3);
        labelEnds.set(-lane.pid, x - 4 + w);
      }
      break;
    }
    case 'main-ended':
    case 'exit': {
      // A hollow ring: thin where the own code ended, thicker where the process itself ended.
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = colour;
      ctx.lineWidth = marker.kind === 'exit' ? 2 : 1.5;
      ctx.beginPath();
      ctx.arc(x, lane.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      break;
    }
    default:
      break;
  }
  if (emphasised) {
    ctx.strokeStyle = THEME.ink;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(x, lane.y, r + 5, 0, Math.PI * 2);
    ctx.stroke();
  }
}

function drawArrow(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: Map<number, LaneLayout>, arrow: Arrow, space: LabelSpace): void {
  const from = laneOf.get(arrow.from);
  const to = laneOf.get(arrow.to);
  if (!from || !to || arrow.t > scene.now) return;
  const top = scene.viewTop ?? 0;
  if (Math.max(from.y, to.y) < top - 40 || Math.min(from.y, to.y) > top + scene.height + 40) return;
  const { scale, barHeight: bh, fontScale: fs } = scene;
  const down = to.y > from.y ? 1 : -1;
  ctx.save();
  ctx.font = `${12 * fs}px ${FONT}`;
  ctx.textBaseline = 'middle';
  switch (arrow.kind) {
    case 'spawn': {
      const x = scale.timeToPx(arrow.t) - 7;
      if (x < scene.plotLeft - 20 || x > scene.plotRight + 20) break;
      const colour = processColour(from.colourIndex);
      const top = scene.viewTop ?? 0;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x + 4, from.y + (bh / 2) * down);
      ctx.quadraticCurveTo(x, from.y + (bh / 2) * down, x, from.y + (bh / 2 + 6) * down);
      // Clamped to the visible band: a line to a lane far below is drawn only as far as it shows.
      ctx.lineTo(x, Math.min(to.y, top + scene.height + 10));
      if (to.y <= top + scene.height + 10) ctx.lineTo(x + 5, to.y);
      ctx.stroke();
      if (to.y <= top + scene.height + 10) arrowHead(ctx, x + 9, to.y, 0, 5 * fs);
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
      ctx.font = `600 ${12 * fs}px ${FONT}`;
      ctx.textAlign = 'left';
      const w = ctx.measureText(scene.text.joinReturns).width;
      const h = 14 * fs;
      // One or two "join returns" labels explain the arrow; a loop of joins reads better without them.
      const joins = scene.model.arrows.reduce((n, a) => n + (a.kind === 'join' ? 1 : 0), 0);
      if (joins <= 2 && Math.abs(y1 - y0) > h && space.tryPlace(x + 8, (y0 + y1) / 2 - h / 2, w, h)) ctx.fillText(scene.text.joinReturns, x + 8, (y0 + y1) / 2);
      break;
    }
    case 'terminate':
    case 'daemon-kill': {
      const x0 = scale.timeToPx(arrow.t);
      const x1 = x0;
      const y0 = from.y + (bh / 2 + 2) * down;
      const y1 = to.y - (bh / 2 + 4) * down;
      ctx.strokeStyle = THEME.danger;
      ctx.fillStyle = THEME.danger;
      ctx.lineWidth = 1.8;
      const bend = 18 * fs;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.bezierCurveTo(x0 + bend, y0 + (y1 - y0) * 0.3, x1 + bend, y1 - (y1 - y0) * 0.3, x1 + 2, y1 - 3 * down);
      ctx.stroke();
      arrowHead(ctx, x1 + 1, y1, down > 0 ? Math.PI * 0.62 : -Math.PI * 0.62, 6 * fs);
      ctx.font = `600 ${12.5 * fs}px ${FONT}`;
      ctx.textAlign = 'left';
      const label = arrow.kind === 'daemon-kill' ? scene.text.daemonKill : scene.text.terminate;
      const midY = (y0 + y1) / 2;
      const lw = ctx.measureText(label).width;
      ctx.font = `${11 * fs}px ${MONO}`;
      const time = formatSeconds(arrow.t);
      const tw = ctx.measureText(time).width;
      const h = 15 * fs;
      if (space.tryPlace(x0 + bend + 10, midY - h / 2, lw + tw + 8, h)) {
        ctx.font = `600 ${12.5 * fs}px ${FONT}`;
        ctx.fillText(label, x0 + bend + 10, midY);
        ctx.font = `${11 * fs}px ${MONO}`;
        ctx.fillStyle = THEME.faint;
        ctx.fillText(time, x0 + bend + 16 + lw, midY);
      }
      break;
    }
    default:
      break;
  }
  ctx.restore();
}

function arrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, angle: number, size: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(-size * 1.3, -size * 0.75);
  ctx.lineTo(-size * 1.3, size * 0.75);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

function drawAxis(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { scale, axisY, fontScale: fs } = scene;
  ctx.save();
  // Lanes scrolled under the axis stay under it.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, axisY + 1, scene.width, (scene.viewTop ?? 0) + scene.height - axisY);
  ctx.strokeStyle = '#c9cdd4';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(scene.plotLeft, axisY + 0.5);
  ctx.lineTo(scene.plotRight, axisY + 0.5);
  ctx.stroke();
  ctx.font = `${11.5 * fs}px ${MONO}`;
  ctx.fillStyle = THEME.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let lastRight = -Infinity;
  for (const tick of scale.ticks(scene.plotLeft, scene.plotRight, 70 * fs)) {
    const w = ctx.measureText(tick.label).width;
    if (tick.x - w / 2 < lastRight + 6 || tick.x < scene.plotLeft - 1 || tick.x > scene.plotRight + 1) continue;
    ctx.beginPath();
    ctx.moveTo(tick.x + 0.5, axisY);
    ctx.lineTo(tick.x + 0.5, axisY + 5);
    ctx.stroke();
    ctx.fillText(tick.label, tick.x, axisY + 8);
    lastRight = tick.x + w / 2;
  }
  for (const b of scale.breaks) {
    const x0 = scale.timeToPx(b.start);
    const x1 = scale.timeToPx(b.end);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x0 + 1, axisY - 3, x1 - x0 - 2, 7);
    ctx.strokeStyle = '#9aa1ad';
    ctx.beginPath();
    for (const bx of [x0 + 3, x1 - 3]) {
      ctx.moveTo(bx - 3, axisY + 6);
      ctx.lineTo(bx + 3, axisY - 6);
    }
    ctx.stroke();
    ctx.fillStyle = THEME.muted;
    ctx.font = `${11.5 * fs}px ${FONT}`;
    ctx.fillText(scene.text.hidden(((b.end - b.start) / 1e6).toFixed(2)), (x0 + x1) / 2, axisY + 24 * fs);
  }
  ctx.restore();
}

function drawCursor(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const x = scene.scale.timeToPx(scene.now);
  if (x < scene.plotLeft - 2 || x > scene.plotRight + 100) return;
  ctx.save();
  ctx.strokeStyle = THEME.cursor;
  ctx.globalAlpha = 0.85;
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

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.beginPath();
  ctx.roundRect(x, y, Math.max(0, w), h, rr);
}
