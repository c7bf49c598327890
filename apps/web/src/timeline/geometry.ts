// Sizes of the timeline: rows, bars, label column, paddings, font scale. The normal view has fixed
// sizes; the presenter view grows with the screen (lane labels ≥ 18 px at 1280×720 and ≥ 24 px at
// 1920×1080) and fits its lanes into the height it is given, scrolling (by keys too) when they do not fit.

import type { TimelineModel } from '@forkscope/core/events';
import type { LaneLayout, LaneMetrics } from './layout.js';

export interface Geometry extends LaneMetrics {
  barHeight: number;
  fontScale: number;
  labelWidth: number;
  breakPx: number;
  rightPad: number;
  axisSpace: number;
}

export const NORMAL: Geometry = { rowHeight: 58, top: 52, barHeight: 20, fontScale: 1, labelWidth: 285, breakPx: 46, rightPad: 150, axisSpace: 58 };

/** Lane labels are 15.5 px × this: 18.6 px at 1280×720, 27.9 px at 1920×1080. */
export function presenterScale(viewport: { width: number; height: number }): number {
  return Math.min(2.2, Math.max(1.2, Math.min(viewport.width / 1280, viewport.height / 720) * 1.2));
}

/** Presenter geometry for a timeline box of `box.height` px on a screen of `viewport`. */
export function presenterGeometry(viewport: { width: number; height: number }, box: { height: number }, laneCount: number): Geometry {
  const fs = presenterScale(viewport);
  const label = 15.5 * fs;
  const top = Math.round(44 * fs);
  const axisSpace = Math.round(50 * fs);
  const available = box.height - top - axisSpace;
  const rowHeight = Math.round(Math.min(4.6 * label, Math.max(2.6 * label, available / Math.max(1, laneCount))));
  return {
    rowHeight,
    top,
    barHeight: Math.round(Math.min(22 * fs, Math.max(14, rowHeight * 0.36))),
    fontScale: fs,
    labelWidth: Math.round(255 * fs),
    breakPx: Math.round(38 * fs),
    rightPad: Math.round(120 * fs),
    axisSpace,
  };
}

/** Wide enough for the longest `name · pid daemon` label (estimated from character counts), within bounds. */
export function labelColumnWidth(model: TimelineModel, lanes: readonly LaneLayout[], geometry: Geometry): number {
  const fs = geometry.fontScale;
  let widest = 0;
  for (const lane of lanes) {
    const p = model.processes[lane.pid];
    if (!p) continue;
    const chars = p.name.length * 9.5 + (String(p.pid).length + 2) * 8.5 + (p.daemon ? 72 : 0) + (p.reparented.length > 0 ? 64 : 0);
    widest = Math.max(widest, 8 + Math.min(lane.depth, 6) * 22 + 20 + 24 + chars * fs);
  }
  return Math.round(Math.min(geometry.labelWidth * 1.3, Math.max(geometry.labelWidth * 0.75, widest + 12)));
}
