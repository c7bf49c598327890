// The manual viewport (after zoom or pan) kept inside the run: never zoomed out further than the whole
// run, t = 0 never right of the plot's left edge (no time before 0), the run's end never left of its
// right edge. Pure; the frame loop and the zoom and pan verbs share it.

import { TimeScale } from './time-scale.js';

export interface Viewport {
  pxPerUs: number;
  originPx: number;
}

/** `manual` clamped against `fit` (the scale showing the whole run across the plot); null = show the whole run. */
export function clampViewport(manual: Viewport, fit: TimeScale, end: number, plotRight: number): Viewport | null {
  if (!(manual.pxPerUs > fit.pxPerUs * (1 + 1e-9))) return null;
  const left = fit.timeToPx(0);
  const scaled = new TimeScale({ pxPerUs: manual.pxPerUs, originPx: 0, breaks: fit.breaks, breakPx: fit.breakPx });
  const width = scaled.timeToPx(end);
  // origin ≤ left (t = 0 at or left of the edge) and origin + width ≥ plotRight (the end at or right of it).
  const originPx = Math.min(left, Math.max(plotRight - width, manual.originPx));
  return { pxPerUs: manual.pxPerUs, originPx };
}
