// Draws the dense part of the timeline onto a 2D canvas: a pure function of its scene (the same model
// and viewport always give the same pixels). The parts, in drawing order: axis-break bands, "main code
// ended", lane bodies (draw/segments), memory tracks under them (draw/memory-track), descriptor badges
// (draw/fd-glyph), arrows (draw/arrows, draw/signal-arrows), markers and their labels (draw/markers), the
// axis (draw/axis), the cursor. Labels that must be readable and clickable (lane names, exit badges)
// are DOM, positioned by the caller from `DrawResult`; canvas labels avoid them and each other.

import { MarkerIndex } from './marker-index.js';
import { drawArrows } from './draw/arrows.js';
import { drawAxis, drawBreakBands, drawCursor } from './draw/axis.js';
import { LabelSpace } from './draw/label-space.js';
import { drawMainEnded, placeBadges } from './draw/labels.js';
import { drawEmphasised, drawLaneMarkers } from './draw/markers.js';
import type { DrawResult, Scene } from './draw/scene.js';
import { drawLaneBody, reserveLaneBody } from './draw/segments.js';
import { drawFdGlyph } from './draw/fd-glyph.js';
import { drawMemoryTrack, memoryScale } from './draw/memory-track.js';
import { drawSignalArrows } from './draw/signal-arrows.js';
import { processColour } from '../theme/theme.js';

export type { DrawResult, Scene, SceneText } from './draw/scene.js';

export function drawTimeline(ctx: CanvasRenderingContext2D, scene: Scene): DrawResult {
  const { model, lanes } = scene;
  const laneOf = new Map(lanes.map((l) => [l.pid, l]));
  const viewTop = scene.viewTop ?? 0;
  const band = scene.barHeight * 2;
  // Lanes are seen between the top of the canvas and the axis (lanes scrolled under the axis are hidden).
  const lanesBottom = Math.min(scene.axisY, viewTop + scene.height);
  const inView = (y: number) => y >= viewTop - band && y - scene.barHeight / 2 <= lanesBottom;
  const index = scene.markerIndex ?? new MarkerIndex();
  index.update(model.markers);
  const bodies = new LabelSpace();
  // Free labels keep clear of the axis and what is under it.
  bodies.reserve(0, scene.axisY - 2, scene.width, viewTop + scene.height - scene.axisY + 2, 'axis');
  const space = new LabelSpace(bodies);
  const result: DrawResult = { badges: placeBadges(scene, space), lanesDrawn: 0, markersDrawn: 0, labels: space.placed };

  ctx.clearRect(0, 0, scene.width, scene.height);
  ctx.save();
  ctx.translate(0, -viewTop);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, viewTop, scene.width, lanesBottom - viewTop);
  ctx.clip();

  drawBreakBands(ctx, scene);
  drawMainEnded(ctx, scene, laneOf, space);
  const visible = lanes.filter((lane) => inView(lane.y) && model.processes[lane.pid]);
  for (const lane of visible) reserveLaneBody(scene, lane, model.processes[lane.pid]!, bodies);
  for (const lane of visible) drawLaneBody(ctx, scene, lane, model.processes[lane.pid]!, processColour(lane.colourIndex), space);
  result.lanesDrawn = visible.length;
  const bytes = memoryScale(model);
  for (const lane of visible) drawMemoryTrack(ctx, scene, lane, model.processes[lane.pid]!, processColour(lane.colourIndex), bytes);
  for (const lane of visible) drawFdGlyph(ctx, scene, lane, model.processes[lane.pid]!, processColour(lane.colourIndex), space);
  drawArrows(ctx, scene, laneOf, space);
  drawSignalArrows(ctx, scene, laneOf, space);
  // Markers above bars and arrows, their labels with them.
  for (const lane of visible) result.markersDrawn += drawLaneMarkers(ctx, scene, lane, index, space);
  drawEmphasised(ctx, scene, laneOf, model.markers);
  ctx.restore();
  ctx.beginPath();
  ctx.rect(0, viewTop, scene.width, scene.height);
  ctx.clip();
  drawAxis(ctx, scene, space);
  if (scene.showCursor) drawCursor(ctx, scene);
  ctx.restore();
  return result;
}
