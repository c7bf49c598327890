// A process's memory as the kernel sums it in /proc/<pid>/smaps_rollup (Linux 4.14+): what is private to it
// and what it shares (after a fork, with its parent, until one of them writes a page). Read by the sampler
// and by a process reporting its own; this file imports only types, so a child process can take it
// (`@forkscope/protocol/smaps-rollup`) without loading the schemas.
import type { EventOf } from './types.js';

export type MemoryFigures = Omit<EventOf<'process.memory'>, 'seq' | 't' | 'pid' | 'type' | 'source'>;

const FIELDS: Record<string, keyof MemoryFigures> = {
  Rss: 'rss',
  Pss: 'pss',
  Private_Dirty: 'privateDirty',
  Private_Clean: 'privateClean',
  Shared_Dirty: 'sharedDirty',
  Shared_Clean: 'sharedClean',
  Swap: 'swap',
};

/** The figures in bytes, or null when `text` is not a rollup (a zombie's is empty: it has no memory left). */
export function parseSmapsRollup(text: string): MemoryFigures | null {
  const out: MemoryFigures = { rss: 0, pss: 0, privateDirty: 0, privateClean: 0, sharedDirty: 0, sharedClean: 0, swap: 0 };
  let seen = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = FIELDS[line.slice(0, colon)];
    if (!key) continue;
    const match = /^\s*(\d+)\s*kB/.exec(line.slice(colon + 1));
    if (!match) continue;
    out[key] = Number(match[1]) * 1024;
    seen++;
  }
  return seen >= 4 ? out : null;
}
