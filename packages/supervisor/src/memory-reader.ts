// Reads processes' /proc/<pid>/smaps_rollup off the event loop, a few at a time. The kernel walks the process's
// page tables under its mmap lock for this file; a process of a fork bomb, throttled while it holds that lock,
// could otherwise stall the server (see command-reader.ts). At most MAX_IN_FLIGHT reads run, so a stuck one never
// starves the thread pool; each process is read again no sooner than `intervalUs` after its last reading.
import { readFile } from 'node:fs/promises';
import { parseSmapsRollup, type MemoryFigures } from './smaps-rollup.js';

const MAX_IN_FLIGHT = 2;

export class MemoryReader {
  private readonly queue: number[] = [];
  private readonly pending = new Set<number>();
  private readonly lastAt = new Map<number, number>();
  private inFlight = 0;
  /** Readings done, for the bench. */
  reads = 0;

  constructor(
    private readonly now: () => number,
    private readonly intervalUs: number,
    private readonly onReading: (pid: number, t: number, figures: MemoryFigures) => void,
  ) {}

  /** Asks for a reading of `pid` if its last one is old enough. */
  due(pid: number): void {
    if (this.pending.has(pid)) return;
    const last = this.lastAt.get(pid);
    if (last !== undefined && this.now() - last < this.intervalUs) return;
    this.pending.add(pid);
    this.queue.push(pid);
    this.pump();
  }

  forget(pid: number): void {
    this.lastAt.delete(pid);
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const pid = this.queue.shift() as number;
      this.inFlight++;
      this.lastAt.set(pid, this.now());
      readFile(`/proc/${pid}/smaps_rollup`, 'latin1')
        .then((text) => {
          this.reads++;
          const figures = parseSmapsRollup(text);
          if (figures) this.onReading(pid, this.now(), figures);
        })
        .catch(() => {})
        .finally(() => {
          this.inFlight--;
          this.pending.delete(pid);
          this.pump();
        });
    }
  }
}
