// Every font the canvas uses, by what it labels. Sizes are CSS px at scale 1; the presenter view scales
// them all by one factor.

const SANS = '"Source Sans 3", "Noto Sans SC", "PingFang SC", system-ui, sans-serif';
const MONO = '"JetBrains Mono", "Noto Sans Mono", ui-monospace, monospace';

interface FontSpec {
  size: number;
  weight: 400 | 600;
  family: string;
  italic?: boolean;
}

export const FONTS = {
  /** A line a process printed, above its bar. */
  outputLabel: { size: 12, weight: 600, family: MONO },
  /** is_alive(), a variable, input, a socket, below the bar. */
  markerLabel: { size: 11, weight: 400, family: MONO },
  /** `join(Process-2)` inside a waiting bar. */
  pill: { size: 11.5, weight: 400, family: SANS },
  /** "terminate", "daemon kill" beside their arrows. */
  arrowLabel: { size: 12.5, weight: 600, family: SANS },
  /** The time after an arrow's label. */
  arrowTime: { size: 11, weight: 400, family: MONO },
  /** "join returns". */
  joinLabel: { size: 12, weight: 600, family: SANS },
  /** "main code ended" at the top of its line. */
  mainEnded: { size: 13, weight: 600, family: SANS },
  mainEndedTime: { size: 11.5, weight: 400, family: MONO },
  axisTick: { size: 11.5, weight: 400, family: MONO },
  /** "2.75 s hidden" under an axis break. */
  breakLabel: { size: 11.5, weight: 400, family: SANS },
  zombie: { size: 11, weight: 400, family: SANS, italic: true },
} satisfies Record<string, FontSpec>;

export type FontName = keyof typeof FONTS;

const cache = new Map<string, string>();

/** The CSS font of `name` at `scale`, e.g. `600 12px "JetBrains Mono", …`. */
export function font(name: FontName, scale: number): string {
  const key = `${name}@${scale}`;
  let value = cache.get(key);
  if (value === undefined) {
    const spec: FontSpec = FONTS[name];
    value = `${spec.italic ? 'italic ' : ''}${spec.weight} ${fontSize(name, scale)}px ${spec.family}`;
    cache.set(key, value);
  }
  return value;
}

export function fontSize(name: FontName, scale: number): number {
  return Math.round(FONTS[name].size * scale * 10) / 10;
}

/** Text widths by font and text: dense lanes print the same short lines over and over. */
const widths = new Map<string, number>();

export function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size > 5000) widths.clear();
    w = ctx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}
