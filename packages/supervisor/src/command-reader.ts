// Reads processes' command lines off the event loop. /proc/<pid>/cmdline takes the target's mmap lock; a process
// of a fork bomb, throttled by its cpu cgroup while it holds that lock in fork(), could otherwise stall the server
// for seconds. At most a few reads are in flight, so a stuck one never starves the thread pool.
import { readFile } from 'node:fs/promises';

const MAX_IN_FLIGHT = 2;

export class CommandReader {
  /** `procRoot`: the procfs the pids belong to (a sandbox's own, seen from the host). */
  constructor(private readonly procRoot: () => string = () => '/proc') {}

  private readonly commands = new Map<number, string>();
  private readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private inFlight = 0;

  /** Asks for `pid`'s command line (again, e.g. after it exec'd). */
  request(pid: number): void {
    if (this.queued.has(pid)) return;
    this.queued.add(pid);
    this.queue.push(pid);
    this.pump();
  }

  /** The last command line read for `pid`, or '' if none yet. */
  get(pid: number): string {
    return this.commands.get(pid) ?? '';
  }

  forget(pid: number): void {
    this.commands.delete(pid);
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const pid = this.queue.shift() as number;
      this.queued.delete(pid);
      this.inFlight++;
      readFile(`${this.procRoot()}/${pid}/cmdline`, 'utf8')
        .then((raw) => {
          const command = raw.split('\0').filter(Boolean).join(' ');
          if (command) this.commands.set(pid, command);
        })
        .catch(() => {})
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
