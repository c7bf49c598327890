// Each process's memory as a thin track under its bar: private-dirty pages as a filled step area, what it
// shares (after a fork: with its parent, until one of them writes) as a line above it. One scale for the
// whole run, so a fork child's small private part reads against a spawn child's or the parent's whole heap.

import type { MemoryPoint, ProcessModel, TimelineModel } from '@forkscope/protocol';
import type { ProcessColour } from '../../theme/theme.js';
import type { LaneLayout } from '../layout.js';
import type { Scene } from './scene.js';

/** Height of the track, CSS px at font scale 1; the gap between bar and track. */
export const TRACK_HEIGHT = 5;
const GAP = 2;

export interface MemoryStep {
  start: number;
  end: number;
  /** Fractions of the run's largest footprint (0–1). */
  private: number;
  shared: number;
}

/** The largest private + shared footprint of any process of the run (the track's full height), bytes. */
export function memoryScale(model: TimelineModel): number {
  let max = 0;
  for (const p of Object.values(model.processes)) {
    for (const m of p.memory ?? []) max = Math.max(max, m.privateDirty + m.sharedDirty + m.sharedClean);
  }
  return max;
}

/** The steps of a process's track up to `now`: each reading holds until the next, the last one until the process ended. */
export function memorySteps(points: readonly MemoryPoint[], end: number, scale: number): MemoryStep[] {
  if (scale <= 0) return [];
  const steps: MemoryStep[] = [];
  for (let i = 0; i < points.length; i++) {
    const m = points[i]!;
    if (m.t > end) break;
    const next = points[i + 1];
    const stop = Math.min(next && next.t <= end ? next.t : end, end);
    if (stop <= m.t && next) continue;
    steps.push({ start: m.t, end: Math.max(stop, m.t), private: m.privateDirty / scale, shared: (m.sharedDirty + m.sharedClean) / scale });
  }
  return steps;
}

/** The track's top edge under a lane's bar. */
export function trackTop(scene: Pick<Scene, 'barHeight' | 'fontScale'>, lane: Pick<LaneLayout, 'y'>): number {
  return lane.y + scene.barHeight / 2 + GAP * scene.fontScale;
}

/** The room a track takes under the bar (labels below a lane start under it), px; 0 without memory readings. */
export function trackRoom(p: ProcessModel | undefined, fontScale: number): number {
  return p?.memory && p.memory.length > 0 ? (TRACK_HEIGHT + GAP) * fontScale : 0;
}

export function drawMemoryTrack(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, p: ProcessModel, colour: ProcessColour, scale: number): void {
  const points = p.memory ?? [];
  if (points.length === 0) return;
  const end = Math.min(scene.now, p.exitedAt ?? scene.now);
  const steps = memorySteps(points, end, scale);
  if (steps.length === 0) return;
  const h = TRACK_HEIGHT * scene.fontScale;
  const top = trackTop(scene, lane);
  const bottom = top + h;
  const x = (t: number) => scene.scale.timeToPx(t);
  ctx.save();
  ctx.fillStyle = colour.fill;
  for (const s of steps) {
    const x0 = x(s.start);
    const x1 = Math.max(x(s.end), x0 + 1);
    if (x1 < scene.plotLeft - 10 || x0 > scene.plotRight + 10) continue;
    const ph = Math.max(1, s.private * h);
    ctx.fillRect(x0, bottom - ph, x1 - x0, ph);
  }
  // Shared memory: a line at the height of private + shared, stepping with the readings.
  ctx.strokeStyle = colour.edge;
  ctx.lineWidth = 1;
  ctx.beginPath();
  steps.forEach((s, i) => {
    const y = bottom - Math.min(1, s.private + s.shared) * h;
    const x0 = x(s.start);
    if (i === 0) ctx.moveTo(x0, y);
    else ctx.lineTo(x0, y);
    ctx.lineTo(Math.max(x(s.end), x0 + 1), y);
  });
  ctx.stroke();
  ctx.restore();
}
