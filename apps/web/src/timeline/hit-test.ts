// Which marker is under the pointer. Pure, so it is tested without a canvas; with the frame's marker
// index it looks only at the pointer's lane and time window.
import type { Marker, TimelineModel } from '@forkscope/protocol';
import type { LaneLayout } from './layout.js';
import { MarkerIndex } from './marker-index.js';
import type { TimeScale } from './time-scale.js';

export function markerAt(
  model: TimelineModel,
  lanes: readonly LaneLayout[],
  scale: TimeScale,
  x: number,
  y: number,
  options: { laneHalfHeight: number; radiusPx?: number; upTo?: number; index?: MarkerIndex },
): Marker | null {
  const radius = options.radiusPx ?? 8;
  const lane = lanes.find((l) => Math.abs(l.y - y) <= options.laneHalfHeight);
  if (!lane) return null;
  const index = options.index ?? new MarkerIndex();
  index.update(model.markers);
  const from = scale.pxToTime(x - radius);
  const to = scale.pxToTime(x + radius);
  let best: Marker | null = null;
  let bestDistance = radius;
  for (const list of index.lane(lane.pid).values()) {
    for (let j = index.lowerBound(list, from); j < list.length; j++) {
      const m = index.at(list[j]!);
      if (m.t > to) break;
      if (options.upTo !== undefined && m.t > options.upTo) continue;
      const d = Math.abs(scale.timeToPx(m.t) - x);
      if (d <= bestDistance) {
        best = m;
        bestDistance = d;
      }
    }
  }
  return best;
}
