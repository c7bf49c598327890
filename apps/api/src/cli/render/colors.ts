// ANSI colours for the terminal: one per process, dim for lifecycle lines. Off when stdout is not a
// terminal or NO_COLOR is set (no-color.org); FORCE_COLOR turns them on regardless.

export interface Palette {
  enabled: boolean;
  /** The colour of the n-th process to appear. */
  process(index: number, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  pass(text: string): string;
  fail(text: string): string;
}

const PROCESS_COLOURS = [36, 35, 33, 32, 34, 31, 96, 95, 93, 92, 94, 91];

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export function createPalette(enabled: boolean): Palette {
  const wrap = (code: number | string, text: string): string => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    enabled,
    process: (index, text) => wrap(PROCESS_COLOURS[index % PROCESS_COLOURS.length]!, text),
    dim: (text) => wrap(2, text),
    bold: (text) => wrap(1, text),
    pass: (text) => wrap(32, text),
    fail: (text) => wrap(31, text),
  };
}
