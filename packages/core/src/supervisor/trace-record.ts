// Validation of one trace-channel record with the protocol's own validator (events/validate-event.ts).
import { MAX_DEPTH, parseBoundedJson, validateTraceRecord, type ShapeLimits, type TraceRecord } from '../events/index.js';

/** A record is one line of at most 4000 bytes (contract 2); nesting is bounded before it is validated. */
const TRACE_LINE_LIMITS: ShapeLimits = { maxDepth: MAX_DEPTH, maxNodes: 1000, maxStringLength: 4000 };

/** The record if `line` is a valid trace record a process may send (never `run.*`), else null. */
export function parseTraceLine(line: string): TraceRecord | null {
  const parsed = parseBoundedJson(line, TRACE_LINE_LIMITS);
  if (!parsed.ok) return null;
  const verdict = validateTraceRecord(parsed.value);
  // `output.truncated` is the supervisor's too: a run has exactly one, and only when its cap is hit.
  if (!verdict.ok || verdict.record.type === 'output.truncated') return null;
  // seq and t are the collector's to assign: whatever a process wrote there is dropped.
  const { seq: _seq, t: _t, ...record } = verdict.record as TraceRecord & { seq?: unknown; t?: unknown };
  return record as TraceRecord;
}
