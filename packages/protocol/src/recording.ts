// The recording format (DESIGN §6): NDJSON, a header line, then one event per line, appended as the run
// goes so an interrupted run is still readable. Readers ignore unknown event types.

import { checkShape, excessNestingAt, MAX_DEPTH, type ShapeLimits } from './bounded-shape.js';
import { compiledCheck, isOptionalProperty } from './compiled-check.js';
import { PRECOMPILED_RECORDING_HEADER_CHECK } from './generated/precompiled-checks.js';
import { RECORDING_FORMAT, RECORDING_VERSION, RecordingHeaderSchema, type RecordingHeader } from './recording-header.js';
import type { ForkscopeEvent } from './types.js';
import { validateEvent } from './validate-event.js';

/**
 * Bounds of one recording line, checked before anything walks it. They hold whatever a run can record: the
 * supervisor takes trace lines of at most 64 KiB nested at most MAX_DEPTH deep (so under 32 Ki fields and
 * items, strings under 64 Ki) and forwards untraced output in pieces of 16 Ki characters.
 */
export const RECORDING_LINE_LIMITS: ShapeLimits = { maxDepth: MAX_DEPTH, maxNodes: 65_536, maxStringLength: 1024 * 1024 };

export { RECORDING_FORMAT, RECORDING_VERSION, RecordingHeaderSchema, type RecordingHeader };

/** The header as its own NDJSON line (with the newline). */
export function formatHeaderLine(header: RecordingHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/** One event as an NDJSON line (with the newline), for appending as the run goes. */
export function formatEventLine(event: ForkscopeEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** A whole recording: the header line, then one line per event. */
export function serializeRecording(header: RecordingHeader, events: readonly ForkscopeEvent[]): string {
  let text = formatHeaderLine(header);
  for (const event of events) text += formatEventLine(event);
  return text;
}

export type RecordingParse =
  | {
      ok: true;
      header: RecordingHeader;
      events: ForkscopeEvent[];
      /** Lines of event types this reader does not know, skipped. */
      skipped: number;
      /** True when the last line was cut off (an interrupted run) and was left out. */
      truncated: boolean;
    }
  | { ok: false; code: 'ERR_BAD_RECORDING'; /** 1-based line number of the wrong line */ line: number; message: string };

function bad(line: number, message: string): RecordingParse {
  return { ok: false, code: 'ERR_BAD_RECORDING', line, message: `Line ${line}: ${message}` };
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** RecordingHeaderSchema's check, compiled ahead of time (the browser may not compile it). */
const isHeader = PRECOMPILED_RECORDING_HEADER_CHECK as (value: unknown) => value is RecordingHeader;

/** What is wrong with a recording header, in words: the first wrong field, in the schema's order. */
function headerProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return `expected the recording header object, got ${describeType(x)}`;
  const h = x as Record<string, unknown>;
  const shown = (value: unknown): string => JSON.stringify(value) ?? 'nothing';
  for (const [name, schema] of Object.entries(RecordingHeaderSchema.properties)) {
    const value = h[name];
    if (compiledCheck(schema)(value) || (value === undefined && isOptionalProperty(schema))) continue;
    switch (name) {
      case 'format':
        return `not a forkscope recording: expected \`format\` to be "${RECORDING_FORMAT}", got ${shown(value)}`;
      case 'version':
        if (Number.isSafeInteger(value) && (value as number) > RECORDING_VERSION) {
          return `recording version ${String(value)} is newer than this reader (version ${RECORDING_VERSION}); update forkscope to read it`;
        }
        return `expected \`version\` to be a positive integer, got ${shown(value)}`;
      case 'driver':
        return `expected \`driver\` to be "node" or "python", got ${shown(value)}`;
      default:
        return `expected \`${name}\` to be ${String(schema.description)}, got ${describeType(value)}`;
    }
  }
  return null;
}

export type RecordingHeaderValidation = { ok: true; header: RecordingHeader } | { ok: false; code: 'ERR_BAD_RECORDING'; message: string };

/** Checks a recording's header line (parsed): the format, a version this reader knows, the run's facts. */
export function validateRecordingHeader(x: unknown): RecordingHeaderValidation {
  if (isHeader(x)) return { ok: true, header: x };
  return { ok: false, code: 'ERR_BAD_RECORDING', message: headerProblem(x) ?? 'expected a recording header' };
}

/**
 * Reads a recording. Fails with the 1-based number of the first wrong line; skips events of unknown
 * types; leaves out a last line that was cut off mid-write (no newline after it and not valid JSON).
 */
export function parseRecording(text: string): RecordingParse {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = source.split('\n');
  const endsWithNewline = source.endsWith('\n');
  if (source.trim() === '') return bad(1, 'the recording is empty: expected a header line');

  let header: RecordingHeader | null = null;
  const events: ForkscopeEvent[] = [];
  let skipped = 0;
  let truncated = false;
  let lastSeq = -1;
  let lastSeqLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1;
    const deepAt = excessNestingAt(line, RECORDING_LINE_LIMITS.maxDepth);
    if (deepAt !== -1) return bad(number, `nested deeper than ${RECORDING_LINE_LIMITS.maxDepth} levels (at character ${deepAt + 1})`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (isLast && !endsWithNewline && header !== null) {
        truncated = true;
        break;
      }
      return bad(number, `not valid JSON (${(error as Error).message})`);
    }
    const shape = checkShape(value, RECORDING_LINE_LIMITS);
    if (!shape.ok) return bad(number, `too large to read: ${shape.message}`);
    if (header === null) {
      const checked = validateRecordingHeader(value);
      if (!checked.ok) return bad(number, checked.message);
      header = checked.header;
      continue;
    }
    const result = validateEvent(value);
    if (!result.ok) {
      if (result.code === 'ERR_UNKNOWN_EVENT_TYPE') {
        skipped++;
        continue;
      }
      return bad(number, result.message);
    }
    if (result.event.seq <= lastSeq) {
      return bad(number, `seq ${result.event.seq} is not greater than seq ${lastSeq} on line ${lastSeqLine}: events must be in increasing seq order`);
    }
    lastSeq = result.event.seq;
    lastSeqLine = number;
    events.push(result.event);
  }
  if (header === null) return bad(1, 'the recording is empty: expected a header line');
  return { ok: true, header, events, skipped, truncated };
}
