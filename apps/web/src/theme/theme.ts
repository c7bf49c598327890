// Every colour of the playground, canvas and CSS alike (CSS reads them as custom properties set from
// here, see applyTheme). Process colours are Okabe–Ito's colour-blind-safe set, in an order that keeps
// the first processes of a run far apart; its yellow is left out (1.3:1 on white). Each hue comes with
// an edge for marks (≥ 3:1 on every background it is drawn on) and a text shade (≥ 4.5:1), darkened
// only where the hue itself falls short; test/theme/contrast.test.ts checks every pair.

export interface ProcessColour {
  /** Okabe–Ito's hue: bar fills. */
  fill: string;
  /** Outlines, dots, arrows: the hue, darkened where it is under 3:1. */
  edge: string;
  /** Labels and console names: darkened to 4.5:1. */
  text: string;
}

export const PROCESS_COLOURS: readonly ProcessColour[] = [
  { fill: '#0072b2', edge: '#0072b2', text: '#0072b2' }, // blue
  { fill: '#d55e00', edge: '#d55e00', text: '#b55000' }, // vermillion
  { fill: '#009e73', edge: '#009e73', text: '#007d5b' }, // bluish green
  { fill: '#cc79a7', edge: '#c0729d', text: '#975a7c' }, // reddish purple
  { fill: '#e69f00', edge: '#ba8100', text: '#916400' }, // orange
  { fill: '#56b4e9', edge: '#4692bd', text: '#377395' }, // sky blue
  { fill: '#000000', edge: '#000000', text: '#000000' }, // black
];

export function processColour(colourIndex: number): ProcessColour {
  const n = PROCESS_COLOURS.length;
  return PROCESS_COLOURS[((colourIndex % n) + n) % n]!;
}

export const THEME = {
  // backgrounds
  page: '#f4f5f7',
  card: '#ffffff',
  presenter: '#ffffff',
  raised: '#fafbfc',
  hover: '#f7f8fa',
  selected: '#fff7d6',
  chip: '#f0f1f4',
  breakFill: '#f3f4f1',
  // text
  ink: '#1d2330',
  muted: '#5f6673',
  onDark: '#ffffff',
  accent: '#2f55c8',
  // lines (not text)
  line: '#e3e5e9',
  hairline: '#eef0f3',
  axis: '#7a818c',
  zombie: '#6d7480',
  cursor: '#d0312d',
  // states, each a text colour with its soft background
  ok: '#1f7a35',
  okSoft: '#e6f4ea',
  okLine: '#b7dfc1',
  danger: '#b42318',
  dangerSoft: '#fdecec',
  dangerRow: '#fdf1f1',
  dangerLine: '#f3b7b7',
  warn: '#9a4f00',
  warnSoft: '#fff3e0',
  warnLine: '#f5cf9f',
  info: '#233e8b',
  infoSoft: '#eef3ff',
  infoLine: '#cbd8ff',
  neutral: '#5f6673',
  neutralSoft: '#f0f1f4',
  neutralLine: '#d5d8de',
  stderr: '#9a3412',
  daemonTag: '#6b3fa0',
  daemonSoft: '#f1e8fb',
  quoteLine: '#d5d8de',
  // syntax highlighting in the code tab
  tokKeyword: '#6b3fa0',
  tokString: '#00694d',
  tokComment: '#5f6673',
  tokNumber: '#a14000',
  tokFunction: '#2f55c8',
  tokBuiltin: '#005a8c',
  tokDecorator: '#a3245b',
} as const;

export type ThemeColour = keyof typeof THEME;

/** Backgrounds each kind of foreground is drawn on, for the contrast check (normal and presenter views). */
export const CONTRAST_PAIRS: { name: string; fg: readonly string[]; bg: readonly string[]; min: number }[] = [
  { name: 'process marks', fg: PROCESS_COLOURS.map((c) => c.edge), bg: [THEME.card, THEME.breakFill, THEME.presenter, THEME.raised], min: 3 },
  { name: 'process labels', fg: PROCESS_COLOURS.map((c) => c.text), bg: [THEME.card, THEME.breakFill, THEME.presenter, THEME.raised, THEME.hover, THEME.selected, THEME.dangerRow], min: 4.5 },
  { name: 'timeline marks', fg: [THEME.ink, THEME.axis, THEME.zombie, THEME.cursor, THEME.danger, THEME.warn], bg: [THEME.card, THEME.breakFill, THEME.presenter], min: 3 },
  {
    name: 'body text',
    fg: [THEME.ink, THEME.muted, THEME.accent, THEME.danger, THEME.stderr],
    bg: [THEME.page, THEME.card, THEME.presenter, THEME.raised, THEME.hover, THEME.selected, THEME.dangerRow, THEME.breakFill, THEME.chip],
    min: 4.5,
  },
  { name: 'ok badges', fg: [THEME.ok], bg: [THEME.okSoft, THEME.card], min: 4.5 },
  { name: 'danger badges', fg: [THEME.danger], bg: [THEME.dangerSoft, THEME.dangerRow, THEME.card], min: 4.5 },
  { name: 'warn badges', fg: [THEME.warn], bg: [THEME.warnSoft, THEME.card], min: 4.5 },
  { name: 'neutral badges', fg: [THEME.neutral], bg: [THEME.neutralSoft, THEME.card], min: 4.5 },
  { name: 'info banner', fg: [THEME.info], bg: [THEME.infoSoft], min: 4.5 },
  { name: 'daemon tag', fg: [THEME.daemonTag], bg: [THEME.daemonSoft], min: 4.5 },
  { name: 'text on dark buttons', fg: [THEME.onDark], bg: [THEME.ink, THEME.danger], min: 4.5 },
  {
    name: 'code',
    fg: [THEME.ink, THEME.tokKeyword, THEME.tokString, THEME.tokComment, THEME.tokNumber, THEME.tokFunction, THEME.tokBuiltin, THEME.tokDecorator],
    bg: [THEME.raised],
    min: 4.5,
  },
];

/** Sets every theme colour as a CSS custom property (`inkColour` → `--ink-colour`), so styles.css reads the same values. */
export function applyTheme(style: CSSStyleDeclaration): void {
  for (const [name, value] of Object.entries(THEME)) style.setProperty(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  PROCESS_COLOURS.forEach((c, i) => {
    style.setProperty(`--p${i}-fill`, c.fill);
    style.setProperty(`--p${i}-text`, c.text);
  });
}
