// Which marker is under the pointer. Pure, so it is tested without a canvas.
import type { Marker, TimelineModel } from '@forkscope/protocol';
import type { LaneLayout } from './layout.js';
import type { TimeScale } from './time-scale.js';

export function markerAt(
  model: TimelineModel,
  lanes: readonly LaneLayout[],
  scale: TimeScale,
  x: number,
  y: number,
  options: { laneHalfHeight: number; radiusPx?: number; upTo?: number },
): Marker | null {
  const radius = options.radiusPx ?? 8;
  const lane = lanes.find((l) => Math.abs(l.y - y) <= options.laneHalfHeight);
  if (!lane) return null;
  let best: Marker | null = null;
  let bestDistance = radius;
  for (const m of model.markers) {
    if (m.pid !== lane.pid) continue;
    if (options.upTo !== undefined && m.t > options.upTo) continue;
    const d = Math.abs(scale.timeToPx(m.t) - x);
    if (d <= bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}
