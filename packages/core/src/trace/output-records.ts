// Splits one write of program output into `process.output` records that each fit a trace line
// (contract 2: ≤ 4000 bytes per line, split on UTF-8 character boundaries).
import type { OutputStream } from '@forkscope/protocol';
import { MAX_RECORD_BYTES, emit, isTracing, monotonicMicros, writeOutputLine } from './trace-channel.js';

// Room for the JSON envelope ({"type":"process.output","pid":…,"stream":"stderr","text":"","tm":…}\n).
const ENVELOPE_BYTES = 120;
const TEXT_BUDGET = MAX_RECORD_BYTES - ENVELOPE_BYTES;

/** Emits `text`, written by this process to `stream`, as one or more output records. */
export function emitOutput(stream: OutputStream, text: string): void {
  if (text.length === 0) return;
  const tm = monotonicMicros();
  const pid = process.pid;
  // Fast path: short ASCII-ish text whose JSON form surely fits (each char escapes to at most 6 bytes).
  if (text.length * 6 <= TEXT_BUDGET) {
    // The hot path of every console.log: the record's JSON, built directly.
    if (isTracing()) writeOutputLine(`{"type":"process.output","pid":${pid},"stream":"${stream}","text":${JSON.stringify(text)},"tm":${tm}}\n`);
    return;
  }
  for (const piece of splitForJson(text)) emit({ type: 'process.output', pid, stream, text: piece }, tm);
}

/** Pieces of `text` whose JSON-escaped UTF-8 form fits the budget, never splitting a surrogate pair. */
export function splitForJson(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const isPair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const width = isPair ? 4 : jsonWidth(code);
    if (bytes + width > TEXT_BUDGET && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    if (isPair) i++;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

function jsonWidth(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return 6; // \n, \t, … take 2; the others \u00XX take 6: count the worst case
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate is escaped as \uXXXX
  return 3;
}
