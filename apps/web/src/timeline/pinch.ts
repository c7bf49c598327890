// Two fingers on the timeline: spreading them zooms around their midpoint, moving them together pans.
// Pure: the pointer handler (pointer.ts) feeds it the two touches before and after a move.

export interface Touches {
  a: { x: number; y: number };
  b: { x: number; y: number };
}

export interface PinchStep {
  /** Zoom factor (> 1 zooms in). */
  factor: number;
  /** Screen x the zoom keeps in place: the midpoint before the move. */
  anchor: number;
  /** How far the midpoint moved sideways, px (a pan). */
  dx: number;
}

/** The zoom and pan between two positions of the same two touches; null while they are too close to tell. */
export function pinchStep(before: Touches, after: Touches): PinchStep | null {
  const d0 = Math.hypot(before.b.x - before.a.x, before.b.y - before.a.y);
  const d1 = Math.hypot(after.b.x - after.a.x, after.b.y - after.a.y);
  if (d0 < 8 || d1 < 8) return null;
  const mid0 = (before.a.x + before.b.x) / 2;
  const mid1 = (after.a.x + after.b.x) / 2;
  return { factor: d1 / d0, anchor: mid0, dx: mid1 - mid0 };
}
