// The recording format (DESIGN §6): NDJSON, a header line, then one event per line, appended as the run
// goes so an interrupted run is still readable. Readers ignore unknown event types.

import { checkShape, excessNestingAt, MAX_DEPTH, type ShapeLimits } from './bounded-shape.js';
import type { Driver, ForkscopeEvent } from './types.js';
import { validateEvent } from './validate-event.js';

export const RECORDING_FORMAT = 'forkscope-recording';
export const RECORDING_VERSION = 1;

/**
 * Bounds of one recording line, checked before anything walks it. They hold whatever a run can record: the
 * supervisor takes trace lines of at most 64 KiB nested at most MAX_DEPTH deep (so under 32 Ki fields and
 * items, strings under 64 Ki) and forwards untraced output in pieces of 16 Ki characters.
 */
export const RECORDING_LINE_LIMITS: ShapeLimits = { maxDepth: MAX_DEPTH, maxNodes: 65_536, maxStringLength: 1024 * 1024 };

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  runId: string;
  scenario: string | null;
  params: Record<string, unknown>;
  driver: Driver;
  /** Wall-clock start of the run, ISO 8601. */
  startedAt: string;
  host: { platform: string; release: string; node: string; python?: string | null; cpus: number };
}

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

function validateHeader(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return `expected the recording header object, got ${describeType(x)}`;
  const h = x as Record<string, unknown>;
  if (h.format !== RECORDING_FORMAT) {
    return `not a forkscope recording: expected \`format\` to be "${RECORDING_FORMAT}", got ${JSON.stringify(h.format) ?? 'nothing'}`;
  }
  if (!Number.isSafeInteger(h.version) || (h.version as number) < 1) return `expected \`version\` to be a positive integer, got ${JSON.stringify(h.version) ?? 'nothing'}`;
  if ((h.version as number) > RECORDING_VERSION) {
    return `recording version ${String(h.version)} is newer than this reader (version ${RECORDING_VERSION}); update forkscope to read it`;
  }
  if (typeof h.runId !== 'string') return `expected \`runId\` to be a string, got ${describeType(h.runId)}`;
  if (h.scenario !== null && typeof h.scenario !== 'string') return `expected \`scenario\` to be a string or null, got ${describeType(h.scenario)}`;
  if (typeof h.params !== 'object' || h.params === null || Array.isArray(h.params)) return `expected \`params\` to be an object, got ${describeType(h.params)}`;
  if (h.driver !== 'node' && h.driver !== 'python') return `expected \`driver\` to be "node" or "python", got ${JSON.stringify(h.driver) ?? 'nothing'}`;
  if (typeof h.startedAt !== 'string') return `expected \`startedAt\` to be an ISO 8601 string, got ${describeType(h.startedAt)}`;
  if (typeof h.host !== 'object' || h.host === null) return `expected \`host\` to be an object, got ${describeType(h.host)}`;
  return null;
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
      const problem = validateHeader(value);
      if (problem) return bad(number, problem);
      header = value as RecordingHeader;
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
