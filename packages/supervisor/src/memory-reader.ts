// Reads processes' /proc/<pid>/smaps_rollup off the event loop, a few at a time. The kernel walks the process's
// page tables under its mmap lock for this file; a process of a fork bomb, throttled while it holds that lock,
// could otherwise stall the server (see command-reader.ts). At most MAX_IN_FLIGHT reads run, so a stuck one never
// starves the thread pool; each process is read again no sooner than the interval after its last reading.
import { readFile } from 'node:fs/promises';
import { parseSmapsRollup, type MemoryFigures } from '@forkscope/protocol/smaps-rollup';

const MAX_IN_FLIGHT = 2;
/**
 * Readings started per second at most: the kernel walks a process's page tables for each (~0.1 ms for CPython,
 * ~0.8 ms for Node), so a burst of new processes is read over a few seconds rather than at once.
 */
export const MEMORY_READS_PER_SECOND = 40;

export class MemoryReader {
  private readonly queue: number[] = [];
  private readonly pending = new Set<number>();
  private readonly lastAt = new Map<number, number>();
  private inFlight = 0;
  /** When the last readings started (performance.now() ms), for the rate. */
  private readonly startedAt: number[] = [];
  private wake: NodeJS.Timeout | null = null;
  /** Readings done, for the bench. */
  reads = 0;

  constructor(
    private readonly now: () => number,
    private readonly onReading: (pid: number, t: number, figures: MemoryFigures) => void,
    /** The procfs the pids belong to (a sandboxed run's own). */
    private readonly procRoot: () => string = () => '/proc',
  ) {}

  /** Asks for a reading of `pid` if its last one is at least `intervalUs` old. */
  due(pid: number, intervalUs: number): void {
    if (this.pending.has(pid)) return;
    const last = this.lastAt.get(pid);
    if (last !== undefined && this.now() - last < intervalUs) return;
    this.pending.add(pid);
    this.queue.push(pid);
    this.pump();
  }

  forget(pid: number): void {
    this.lastAt.delete(pid);
  }

  /** Drops what is queued (the run ended). */
  stop(): void {
    this.queue.length = 0;
    this.pending.clear();
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const now = performance.now();
      while (this.startedAt.length > 0 && now - (this.startedAt[0] as number) >= 1000) this.startedAt.shift();
      if (this.startedAt.length >= MEMORY_READS_PER_SECOND) {
        this.wake ??= setTimeout(() => {
          this.wake = null;
          this.pump();
        }, 1000 - (now - (this.startedAt[0] as number))).unref();
        return;
      }
      this.startedAt.push(now);
      const pid = this.queue.shift() as number;
      this.inFlight++;
      this.lastAt.set(pid, this.now());
      readFile(`${this.procRoot()}/${pid}/smaps_rollup`, 'latin1')
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
