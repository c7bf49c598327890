// Validation of one trace-channel record with the protocol's own validator (events/validate-event.ts).
import { excessNestingAt, MAX_DEPTH, validateTraceRecord, type TraceRecord } from '@forkscope/protocol';

/**
 * The record if `line` is a valid trace record a process may send (never `run.*`), else null. The collector
 * hands over lines of at most 64 KiB (records are 4000 bytes), so fields, items and strings are bounded by
 * the line; only the nesting needs checking, on the text, as a recording line's is (events/recording.ts).
 */
export function parseTraceLine(line: string): TraceRecord | null {
  // Most records are one flat object: a second bracket is what makes the scan worth doing.
  if ((line.indexOf('{', 1) !== -1 || line.indexOf('[') !== -1) && excessNestingAt(line, MAX_DEPTH) !== -1) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const verdict = validateTraceRecord(value);
  // `output.truncated` is the supervisor's too: a run has exactly one, and only when its cap is hit.
  if (!verdict.ok || verdict.record.type === 'output.truncated') return null;
  // seq and t are the collector's to assign: whatever a process wrote there is dropped (the usual record
  // has neither, and is taken as parsed).
  const parsed = verdict.record as TraceRecord & { seq?: unknown; t?: unknown };
  if (!Object.hasOwn(parsed, 'seq') && !Object.hasOwn(parsed, 't')) return parsed;
  const { seq: _seq, t: _t, ...record } = parsed;
  return record as TraceRecord;
}
