// Choices several questions share, in both languages.
import type { Choice, Text } from '../types.js';
import { signalName } from '@forkscope/protocol';

/** Yes / no for "Will …?" (zh 会 / 不会) or, with `is`, for "Is …?" (zh 是 / 不是). */
export function yesNo(is = false): Choice[] {
  return [
    { id: 'yes', text: { zh: is ? '是' : '会', en: 'Yes' } },
    { id: 'no', text: { zh: is ? '不是' : '不会', en: 'No' } },
  ];
}

/** `−15 (SIGTERM)` for a negative code, `3` otherwise: what the timeline's exit badge says. */
export function exitCodeText(code: number): Text {
  const text = code < 0 ? `\`−${-code}\` (${signalName(-code) ?? `signal ${-code}`})` : `\`${code}\``;
  return { zh: text, en: text };
}

export function exitCodeChoices(codes: readonly number[]): Choice[] {
  return codes.map((code) => ({ id: String(code), text: exitCodeText(code) }));
}

/** A line of output as a choice: the text as code, the same in both languages. */
export function lineChoice(id: string, line: string): Choice {
  return { id, text: { zh: `\`${line}\``, en: `\`${line}\`` } };
}
