// Validation of one trace-channel record with the protocol's own validator (events/validate-event.ts).
import { validateTraceRecord, type TraceRecord } from '@forkscope/protocol';

/** The record if `line` is a valid trace record a process may send (never `run.*`), else null. */
export function parseTraceLine(line: string): TraceRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const verdict = validateTraceRecord(value);
  // `output.truncated` is the supervisor's too: a run has exactly one, and only when its cap is hit.
  if (!verdict.ok || verdict.record.type === 'output.truncated') return null;
  // seq and t are the collector's to assign: whatever a process wrote there is dropped.
  const { seq: _seq, t: _t, ...record } = verdict.record as TraceRecord & { seq?: unknown; t?: unknown };
  return record as TraceRecord;
}
