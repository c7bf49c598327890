// Markers on the lanes in view, found by binary search on time per lane and kind; where many fall on
// one pixel column only one is drawn. Each kind has its own shape: output (disc), error (disc with a
// cross), terminate (diamond), daemon kill (bar across the lane), is_alive/variable/input/socket
// (square), main code ended and exit (ring), a signal from outside the lanes (hollow diamond). Printed lines are
// labelled above the bar, the rest below (and below the memory track, where there is one).

import type { ChunkedList, Marker, MarkerKind } from '@forkscope/protocol';
import { processColour, THEME, type ProcessColour } from '../../theme/theme.js';
import type { LaneLayout } from '../layout.js';
import type { MarkerIndex } from '../marker-index.js';
import { font, fontSize, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';
import { trackRoom } from './memory-track.js';

/** Drawing order within a lane: later kinds are drawn over earlier ones. */
const KINDS: readonly MarkerKind[] = ['output', 'var', 'net', 'input', 'alive-check', 'truncated', 'main-ended', 'exit', 'error', 'signal', 'terminate', 'daemon-kill'];

const BELOW: ReadonlySet<MarkerKind> = new Set(['alive-check', 'var', 'input', 'net', 'truncated']);

/** Draws the markers of one lane; returns how many. */
export function drawLaneMarkers(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, index: MarkerIndex, space: LabelSpace): number {
  const { scale } = scene;
  const tFrom = scale.pxToTime(scene.plotLeft - 20);
  const tTo = scale.pxToTime(scene.plotRight + 100);
  const colour = processColour(lane.colourIndex);
  const kinds = index.lane(lane.pid);
  const labelEnd = { above: -Infinity, below: -Infinity };
  let drawn = 0;
  ctx.textAlign = 'left';
  for (const kind of KINDS) {
    const list = kinds.get(kind);
    if (!list) continue;
    let j = index.lowerBound(list, tFrom);
    while (j < list.length) {
      const marker = index.at(list[j]!);
      if (marker.t > tTo) break;
      const x = scale.timeToPx(marker.t);
      drawMarker(ctx, scene, lane, colour, marker, x, false);
      drawLabel(ctx, scene, lane, colour, marker, x, labelEnd, space);
      drawn += 1;
      // Skip what would land on this pixel column: a dense lane costs its width, not its markers.
      const next = list[j + 1];
      if (next !== undefined && scale.timeToPx(index.at(next).t) - x < 1.5) j = Math.max(j + 1, index.lowerBound(list, scale.pxToTime(x + 1.5)));
      else j += 1;
    }
  }
  return drawn;
}

/** The selected and the hovered marker, drawn last and larger. */
export function drawEmphasised(ctx: CanvasRenderingContext2D, scene: Scene, laneOf: ReadonlyMap<number, LaneLayout>, markers: ChunkedList<Marker>): void {
  for (const seq of [scene.selectedSeq, scene.hoverSeq]) {
    if (seq === null) continue;
    const marker = markers.find((m) => m.seq === seq);
    const lane = marker && laneOf.get(marker.pid);
    if (!marker || !lane) continue;
    drawMarker(ctx, scene, lane, processColour(lane.colourIndex), marker, scene.scale.timeToPx(marker.t), true);
  }
}

function drawMarker(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, colour: ProcessColour, marker: Marker, x: number, emphasised: boolean): void {
  const fs = scene.fontScale;
  const bh = scene.barHeight;
  const r = (emphasised ? 5 : 3.5) * fs;
  // No save/restore per marker (thousands per frame): every case sets what it uses.
  switch (marker.kind) {
    case 'output':
      ctx.fillStyle = THEME.card;
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(x, lane.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      break;
    case 'error': {
      ctx.fillStyle = THEME.danger;
      ctx.beginPath();
      ctx.arc(x, lane.y, r + 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = THEME.card;
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
      ctx.fillStyle = THEME.danger;
      ctx.fillRect(x - 2, lane.y - bh / 2 - 3, 4, bh + 6);
      break;
    case 'terminate':
      ctx.fillStyle = THEME.danger;
      diamondPath(ctx, x, lane.y, r + 2);
      ctx.fill();
      break;
    case 'signal':
      ctx.fillStyle = THEME.card;
      ctx.strokeStyle = THEME.danger;
      ctx.lineWidth = 1.8;
      diamondPath(ctx, x, lane.y, r + 2);
      ctx.fill();
      ctx.stroke();
      break;
    case 'alive-check':
    case 'var':
    case 'input':
    case 'net':
    case 'truncated':
      ctx.fillStyle = THEME.card;
      ctx.strokeStyle = marker.kind === 'truncated' ? THEME.warn : colour.edge;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.rect(x - r, lane.y - r, r * 2, r * 2);
      ctx.fill();
      ctx.stroke();
      break;
    case 'main-ended':
    case 'exit':
      // A hollow ring: thin where the own code ended, thicker where the process itself ended.
      ctx.fillStyle = THEME.card;
      ctx.strokeStyle = colour.edge;
      ctx.lineWidth = marker.kind === 'exit' ? 2 : 1.5;
      ctx.beginPath();
      ctx.arc(x, lane.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      break;
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

/** A printed line above the bar, other labels below it, unless it would run into the previous one or any other label. */
function drawLabel(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  lane: LaneLayout,
  colour: ProcessColour,
  marker: Marker,
  x: number,
  end: { above: number; below: number },
  space: LabelSpace,
): void {
  const below = BELOW.has(marker.kind);
  if (marker.kind !== 'output' && !below) return;
  // Cheap test first: measuring text is the costly part of a dense lane.
  if ((below ? end.below : end.above) >= x) return;
  const raw = below ? (scene.markerLabel?.(marker) ?? marker.label) : marker.label;
  const max = below ? 24 : 28;
  const text = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
  if (text.trim() === '') return;
  const name = below ? 'markerLabel' : 'outputLabel';
  ctx.font = font(name, scene.fontScale);
  const w = textWidth(ctx, text);
  const h = fontSize(name, scene.fontScale) * 1.25;
  const bh = scene.barHeight;
  let lx = below ? x - 4 : Math.max(x - w / 2, scene.plotLeft);
  lx = Math.min(lx, scene.width - 2 - w);
  if ((below ? end.below : end.above) >= lx - 6) return;
  const top = below ? lane.y + bh / 2 + 3 + trackRoom(scene.model.processes[lane.pid], scene.fontScale) : lane.y - bh / 2 - 3 - h;
  if (!space.tryPlace(lx, top, w, h, text)) return;
  ctx.fillStyle = marker.kind === 'truncated' ? THEME.warn : colour.text;
  ctx.textBaseline = 'top';
  ctx.fillText(text, lx, top + h * 0.1);
  if (below) end.below = lx + w;
  else end.above = lx + w;
}

/** A diamond of half-width `half` around (x, y): a terminate's mark (filled) and a signal's (outlined). */
function diamondPath(ctx: CanvasRenderingContext2D, x: number, y: number, half: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y - half);
  ctx.lineTo(x + half, y);
  ctx.lineTo(x, y + half);
  ctx.lineTo(x - half, y);
  ctx.closePath();
}
