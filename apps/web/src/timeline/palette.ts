// Process colours: calm, distinguishable, legible on white and in presenter mode. A process keeps its
// colour for the whole run because colours follow spawn order, not lane position (lanes shift as
// children are inserted under their parents).

export const PROCESS_COLOURS = [
  '#3b5bdb', // blue
  '#7e3fbf', // purple
  '#0c8577', // teal
  '#d9480f', // orange
  '#c2255c', // pink
  '#5c940d', // green
  '#1971c2', // sky
  '#862e9c', // grape
  '#e67700', // amber
  '#087f5b', // jade
] as const;

export function processColour(colourIndex: number): string {
  return PROCESS_COLOURS[((colourIndex % PROCESS_COLOURS.length) + PROCESS_COLOURS.length) % PROCESS_COLOURS.length]!;
}

export const THEME = {
  ink: '#1d2330',
  muted: '#6b7280',
  faint: '#9aa1ad',
  grid: '#e8eaee',
  danger: '#c92a2a',
  dangerSoft: '#fde8e8',
  ok: '#2b8a3e',
  okSoft: '#e6f4ea',
  breakFill: '#f1f2ef',
  zombie: '#8b8f98',
  cursor: '#e03131',
} as const;
