// Lane geometry: which process sits on which row, and the time boxes its segments cover. Pure — the
// renderer, the DOM labels and the tests all read the same numbers.

import type { Segment, SegmentKind, TimelineModel } from '@forkscope/protocol';

export interface LaneLayout {
  pid: number;
  /** Row index, top to bottom, in the model's tree order. */
  row: number;
  /** Centre line of the lane's bar, px from the top of the plot. */
  y: number;
  depth: number;
  /** Stable per process within a run: its index in spawn order. */
  colourIndex: number;
}

export interface LaneMetrics {
  /** Distance between lane centres. */
  rowHeight: number;
  /** y of the first lane's centre. */
  top: number;
}

/** One lane per process in the model's tree order (`laneOrder`), coloured by spawn order. */
export function layoutLanes(model: TimelineModel, metrics: LaneMetrics): LaneLayout[] {
  const bySpawn = spawnOrder(model);
  return model.laneOrder.map((pid, row) => ({
    pid,
    row,
    y: metrics.top + row * metrics.rowHeight,
    depth: model.processes[pid]?.depth ?? 0,
    colourIndex: bySpawn.get(pid) ?? row,
  }));
}

/** pid → index when processes are ordered by spawn time (ties by pid). */
export function spawnOrder(model: TimelineModel): Map<number, number> {
  const pids = Object.values(model.processes)
    .slice()
    .sort((a, b) => a.spawnedAt - b.spawnedAt || a.pid - b.pid)
    .map((p) => p.pid);
  return new Map(pids.map((pid, i) => [pid, i]));
}

export interface SegmentBox {
  kind: SegmentKind;
  start: number;
  end: number;
  /** True when the segment is still open and was cut at `now`. */
  open: boolean;
  target?: number;
}

/**
 * A process's segments as closed boxes: open segments end at `now`; empty ones are dropped. The
 * reducer decides where segments begin and end; this only closes them for drawing.
 */
export function segmentBoxes(segments: readonly Segment[], now: number): SegmentBox[] {
  const out: SegmentBox[] = [];
  for (const s of segments) {
    const open = s.end === null;
    const end = open ? Math.max(now, s.start) : (s.end as number);
    if (end < s.start || (end === s.start && !open)) continue;
    const box: SegmentBox = { kind: s.kind, start: s.start, end, open };
    if (s.target !== undefined) box.target = s.target;
    out.push(box);
  }
  return out;
}

/** Height of the plot for `laneCount` lanes. */
export function plotHeight(laneCount: number, metrics: LaneMetrics): number {
  return metrics.top + Math.max(0, laneCount - 1) * metrics.rowHeight + metrics.rowHeight / 2;
}
