// Time ↔ pixel maths for the timeline, with idle stretches compressed into fixed-width axis breaks.
// Pure and framework-free: the canvas renderer, hit testing and the DOM overlays all share one instance
// per frame. Times are µs since run start; pixels are CSS pixels from the left edge of the plot.

import { formatSeconds } from '@forkscope/protocol';

/** A stretch of time hidden behind an axis break. */
export interface AxisBreak {
  start: number;
  end: number;
}

export interface TimeScaleOptions {
  /** Pixels per microsecond of visible (not hidden) time. */
  pxPerUs: number;
  /** Screen x of t = 0 (negative when panned right). */
  originPx: number;
  /** Hidden stretches, sorted by start, not overlapping. */
  breaks?: readonly AxisBreak[];
  /** Width each break occupies on screen. */
  breakPx?: number;
}

export interface Tick {
  t: number;
  x: number;
  label: string;
}

const NICE_STEPS = [1, 2, 5];

export class TimeScale {
  readonly pxPerUs: number;
  readonly originPx: number;
  readonly breaks: readonly AxisBreak[];
  readonly breakPx: number;

  constructor(options: TimeScaleOptions) {
    if (!(options.pxPerUs > 0) || !Number.isFinite(options.pxPerUs)) {
      throw new TypeError(`Expected the \`pxPerUs\` option to be a positive number, got \`${options.pxPerUs}\``);
    }
    this.pxPerUs = options.pxPerUs;
    this.originPx = options.originPx;
    this.breaks = options.breaks ?? [];
    this.breakPx = options.breakPx ?? 0;
  }

  /** A scale showing [0, end] across `widthPx`, starting at `leftPx`. */
  static fit(end: number, widthPx: number, options: { leftPx?: number; breaks?: readonly AxisBreak[]; breakPx?: number } = {}): TimeScale {
    const breaks = (options.breaks ?? []).filter((b) => b.end <= end);
    const breakPx = options.breakPx ?? 0;
    const hidden = breaks.reduce((sum, b) => sum + (b.end - b.start), 0);
    const visibleUs = Math.max(1, end - hidden);
    const usable = Math.max(1, widthPx - breaks.length * breakPx);
    return new TimeScale({ pxPerUs: usable / visibleUs, originPx: options.leftPx ?? 0, breaks, breakPx });
  }

  /** Offset of `t` from t = 0 in pixels, before panning. */
  private offsetOf(t: number): number {
    let hiddenBefore = 0;
    let breaksBefore = 0;
    for (const b of this.breaks) {
      if (t >= b.end) {
        hiddenBefore += b.end - b.start;
        breaksBefore += 1;
      } else if (t > b.start) {
        // inside a break: spread the hidden stretch linearly over the break's width
        const base = (b.start - hiddenBefore) * this.pxPerUs + breaksBefore * this.breakPx;
        return base + ((t - b.start) / (b.end - b.start)) * this.breakPx;
      } else {
        break;
      }
    }
    return (t - hiddenBefore) * this.pxPerUs + breaksBefore * this.breakPx;
  }

  timeToPx(t: number): number {
    return this.originPx + this.offsetOf(t);
  }

  pxToTime(x: number): number {
    let offset = x - this.originPx;
    let t0 = 0;
    for (const b of this.breaks) {
      const pieceWidth = (b.start - t0) * this.pxPerUs;
      if (offset <= pieceWidth) return t0 + offset / this.pxPerUs;
      offset -= pieceWidth;
      if (offset <= this.breakPx) return b.start + (this.breakPx === 0 ? 0 : (offset / this.breakPx) * (b.end - b.start));
      offset -= this.breakPx;
      t0 = b.end;
    }
    return t0 + offset / this.pxPerUs;
  }

  /** Width of a stretch of visible time. */
  durationToPx(us: number): number {
    return us * this.pxPerUs;
  }

  /** The break containing `t`, if any. */
  breakAt(t: number): AxisBreak | undefined {
    return this.breaks.find((b) => t > b.start && t < b.end);
  }

  /** Same scale, zoomed by `factor` around screen x `anchorPx` (that x keeps its time). */
  zoomedAt(factor: number, anchorPx: number): TimeScale {
    const next = new TimeScale({ pxPerUs: this.pxPerUs * factor, originPx: 0, breaks: this.breaks, breakPx: this.breakPx });
    const nextOffset = next.offsetOf(this.pxToTime(anchorPx));
    return new TimeScale({ pxPerUs: next.pxPerUs, originPx: anchorPx - nextOffset, breaks: this.breaks, breakPx: this.breakPx });
  }

  /** Same scale, moved by `dx` pixels. */
  pannedBy(dx: number): TimeScale {
    return new TimeScale({ pxPerUs: this.pxPerUs, originPx: this.originPx + dx, breaks: this.breaks, breakPx: this.breakPx });
  }

  /** Axis ticks between screen x `fromPx` and `toPx`, at 1-2-5 steps at least `minGapPx` apart, none inside a break. */
  ticks(fromPx: number, toPx: number, minGapPx = 70): Tick[] {
    const step = niceStep(minGapPx / this.pxPerUs);
    const digits = Math.max(1, Math.ceil(-Math.log10(step / 1e6) - 1e-9));
    const out: Tick[] = [];
    const tFrom = Math.max(0, this.pxToTime(fromPx));
    const tTo = this.pxToTime(toPx);
    const pieces: [number, number][] = [];
    let start = 0;
    for (const b of this.breaks) {
      pieces.push([start, b.start]);
      start = b.end;
    }
    pieces.push([start, Infinity]);
    for (const [a, b] of pieces) {
      const lo = Math.max(a, tFrom);
      const hi = Math.min(b, tTo);
      if (lo > hi) continue;
      const hasBreakBefore = a > 0;
      // the first tick of a piece after a break is the break's end, so both ends of the break read
      if (hasBreakBefore && lo === a) out.push({ t: a, x: this.timeToPx(a), label: formatSeconds(a, Math.max(digits, 2)) });
      for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) {
        if (hasBreakBefore && t - a < step / 2) continue;
        if (b !== Infinity && b - t < step / 2 && t !== b) continue;
        out.push({ t, x: this.timeToPx(t), label: formatSeconds(t, digits) });
      }
      if (b !== Infinity && b <= hi && !out.some((k) => k.t === b)) out.push({ t: b, x: this.timeToPx(b), label: formatSeconds(b, Math.max(digits, 2)) });
    }
    return out;
  }
}

/** Smallest 1-2-5 step (µs) not below `minUs`. */
export function niceStep(minUs: number): number {
  const exp = Math.floor(Math.log10(Math.max(minUs, 1)));
  for (let e = exp; ; e += 1) {
    for (const m of NICE_STEPS) {
      const step = m * 10 ** e;
      if (step >= minUs) return step;
    }
  }
}

/** µs → seconds text: the protocol's, re-exported for the timeline's readers (one formatSeconds everywhere). */
export { formatSeconds };
