// Text from a program or a recording, made safe to print on a terminal: every C0 and C1 control character
// (and DEL) is shown escaped, `\x1b`, so output cannot retitle the terminal, clear the screen, move the
// cursor or plant hyperlinks. Only the palette's own colours reach the terminal as escape sequences.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

const escape = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** A name, a message, a value: every control character escaped. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, escape);
}

/** One line of a program's output: tabs kept, every other control character escaped. */
export function terminalOutput(line: string): string {
  return line.replace(CONTROL_BUT_TAB, escape);
}

/** JSON for a terminal: JSON.stringify escapes C0 but not C1 (U+0080–U+009F, where 0x9b is CSI). */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
