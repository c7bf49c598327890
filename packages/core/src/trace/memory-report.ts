// process.memory from the process itself, where the moment matters: when a program reports a variable (the
// data-isolation lesson's `n`), its memory right after. The numbers are the kernel's (/proc/self/smaps_rollup);
// a Node process reads them in about a millisecond, so it is not done at every start.
import type { EventOf } from '@forkscope/protocol';
import { emit, isTracing, monotonicMicros } from './trace-channel.js';

type Figures = Omit<EventOf<'process.memory'>, 'seq' | 't' | 'pid' | 'type' | 'source'>;

const FIELDS: Record<string, keyof Figures> = {
  Rss: 'rss',
  Pss: 'pss',
  Private_Dirty: 'privateDirty',
  Private_Clean: 'privateClean',
  Shared_Dirty: 'sharedDirty',
  Shared_Clean: 'sharedClean',
  Swap: 'swap',
};

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
  const figures: Figures = { rss: 0, pss: 0, privateDirty: 0, privateClean: 0, sharedDirty: 0, sharedClean: 0, swap: 0 };
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    const key = colon > 0 ? FIELDS[line.slice(0, colon)] : undefined;
    if (key) figures[key] = (Number.parseInt(line.slice(colon + 1), 10) || 0) * 1024;
  }
  emit({ type: 'process.memory', pid: process.pid, ...figures, source: 'process' }, tm);
}
