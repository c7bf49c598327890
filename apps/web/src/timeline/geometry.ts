// Sizes of the timeline: rows, bars, label column, paddings, font scale. The normal view has fixed
// sizes; the presenter view grows with the screen (lane labels over 20 px at 1280×720 and 30 px at
// 1920×1080) and fits its lanes into the height it is given, scrolling (by keys too) when they do not fit.

import type { TimelineModel } from '@forkscope/protocol';
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

/** Phones: the lanes take the whole width, each label on its own line above its bar (no label column). */
export const NARROW: Geometry = { rowHeight: 50, top: 44, barHeight: 14, fontScale: 1, labelWidth: 0, breakPx: 28, rightPad: 96, axisSpace: 50 };

/** Lane labels are 17 px × this: 20.4 px at 1280×720, 30.6 px at 1920×1080. */
export function presenterScale(viewport: { width: number; height: number }): number {
  return Math.min(2.2, Math.max(1.2, Math.min(viewport.width / 1280, viewport.height / 720) * 1.2));
}

/** Presenter geometry for a timeline box of `box.height` px on a screen of `viewport`. */
export function presenterGeometry(viewport: { width: number; height: number }, box: { height: number }, laneCount: number): Geometry {
  const fs = presenterScale(viewport);
  const label = 17 * fs;
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

let measure: CanvasRenderingContext2D | null | undefined;

/** Width of `text` in the lane labels' font at `px` (canvas measure; an estimate where there is no canvas). */
function labelTextWidth(text: string, px: number, bold: boolean): number {
  if (measure === undefined) measure = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * px * 0.62;
  measure.font = `${bold ? 700 : 400} ${px}px "Source Sans 3", "Noto Sans SC", "PingFang SC", system-ui, sans-serif`;
  return measure.measureText(text).width;
}

/** Wide enough for the longest `name · pid daemon ↷ ppid` label, within bounds. */
export function labelColumnWidth(model: TimelineModel, lanes: readonly LaneLayout[], geometry: Geometry): number {
  const fs = geometry.fontScale;
  // The normal view's sizes, or the presenter's (styles.css: 17 px × scale for names and pids, 12.5 px × scale for tags).
  const name = fs === 1 ? 15 : 17 * fs;
  const pid = fs === 1 ? 13.5 * 1.15 : 17 * fs * 1.1;
  const tag = fs === 1 ? 12 : 12.5 * fs;
  let widest = 0;
  for (const lane of lanes) {
    const p = model.processes[lane.pid];
    if (!p) continue;
    const text =
      labelTextWidth(p.name, name, true) +
      labelTextWidth(`· ${p.pid}`, pid, false) +
      (p.daemon ? labelTextWidth('daemon', tag, false) + 24 : 0) +
      (p.reparented.length > 0 ? labelTextWidth(`↷ ${p.reparented.at(-1)!.to}`, tag, false) + 12 : 0);
    widest = Math.max(widest, 8 + Math.min(lane.depth, 6) * 22 + 12 * Math.max(1, fs) + 8 * 4 + text);
  }
  return Math.round(Math.min(geometry.labelWidth * 1.6, Math.max(geometry.labelWidth * 0.6, widest + 12)));
}
