// process.memory from the process itself, where the moment matters: when a program reports a variable (the
// data-isolation lesson's `n`), its memory right after. The numbers are the kernel's (/proc/self/smaps_rollup);
// a Node process reads them in about a millisecond, so it is not done at every start.
import { parseSmapsRollup } from '@forkscope/protocol/smaps-rollup';
import { emit, isTracing, monotonicMicros } from './trace-channel.js';

let unavailable = false;

/** Reads and reports this process's memory; silent outside a run and where the kernel has no rollup. */
export function reportOwnMemory(): void {
  if (unavailable || !isTracing()) return;
  const tm = monotonicMicros();
  let text: string;
  try {
    text = process.getBuiltinModule('node:fs').readFileSync('/proc/self/smaps_rollup', 'latin1');
  } catch {
    unavailable = true;
    return;
  }
  const figures = parseSmapsRollup(text);
  if (!figures) return;
  emit({ type: 'process.memory', pid: process.pid, ...figures, source: 'process' }, tm);
}
