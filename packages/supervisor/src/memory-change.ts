// When a new memory reading is worth an event: small moves of a process's memory are noise on a lane.
import type { MemoryFigures } from '@forkscope/protocol/smaps-rollup';

/** Whether `b` differs from `a` enough to be worth an event: a page of private memory, or 1/64 of what is shared. */
export function memoryChanged(a: MemoryFigures | undefined, b: MemoryFigures): boolean {
  if (!a) return true;
  const shared = (m: MemoryFigures) => m.sharedDirty + m.sharedClean;
  return (
    Math.abs(a.privateDirty - b.privateDirty) >= 4096 ||
    Math.abs(shared(a) - shared(b)) >= Math.max(4096, shared(a) / 64) ||
    Math.abs(a.rss - b.rss) >= Math.max(65536, a.rss / 64)
  );
}
