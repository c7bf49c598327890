// `reportVar(name, value)`: shows a variable's value in this process on the timeline (`process.var`),
// the way the data-isolation scenario makes each process's own copy visible.
import { ProcessError, invalidArg } from './errors.js';
import { reportOwnMemory } from './trace/memory-report.js';
import { MAX_RECORD_BYTES, emit } from './trace/trace-channel.js';

const ENVELOPE_BYTES = 120;

/**
 * Emits `process.var` for this process, then its memory (`process.memory`, read by itself: what writing the
 * value cost it). `value` must be JSON-serialisable; outside a run this does nothing.
 */
export function reportVar(name: string, value: unknown): void {
  if (typeof name !== 'string' || name === '') throw invalidArg('reportVar() name', 'a non-empty string', name);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw invalidArg(`reportVar(${JSON.stringify(name)}) value`, `JSON-serialisable (${(error as Error).message})`, String(value));
  }
  if (json === undefined) throw invalidArg(`reportVar(${JSON.stringify(name)}) value`, 'JSON-serialisable', value);
  const bytes = Buffer.byteLength(json) + Buffer.byteLength(JSON.stringify(name));
  if (bytes > MAX_RECORD_BYTES - ENVELOPE_BYTES) {
    throw new ProcessError('ERR_VAR_TOO_LARGE', { var: name, bytes, limit: MAX_RECORD_BYTES - ENVELOPE_BYTES });
  }
  emit({ type: 'process.var', pid: process.pid, name, value: JSON.parse(json) as unknown });
  reportOwnMemory();
}
