// The kernel's exit events, from the netlink process-events connector, through a tiny native helper
// (forkscope-procwatch.c, built at install beside the run reaper): Node cannot open a netlink socket. Each
// exit carries the kernel's own timestamp (CLOCK_MONOTONIC, the run clock), the wait status and the parent.
// Needs CAP_NET_ADMIN (root, or the capability); elsewhere the helper says why and exits.
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineHelper } from './line-helper.js';

export interface ExitFact {
  kind: 'exit';
  pid: number;
  /** Its parent when it died (who must reap it). */
  ppid: number;
  /** The wait status its reaper will see. */
  status: number;
  /** CLOCK_MONOTONIC µs. */
  tm: number;
}

export type SourceState = { on: true; note: string } | { on: false; note: string };

/** The built helper, or null when it is missing (no C compiler at install, not Linux). */
export function findProcwatch(): string | null {
  const path = fileURLToPath(new URL('../../native/forkscope-procwatch', import.meta.url));
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

const EXIT = /^exit (\d+) (\d+) (\d+) (\d+)$/;

/** One line of the helper, as a fact, or null. */
export function parseProcwatchLine(line: string): ExitFact | null {
  const m = EXIT.exec(line);
  if (!m) return null;
  const [pid, ppid, status, tm] = m.slice(1).map(Number) as [number, number, number, number];
  return [pid, ppid, status, tm].every(Number.isSafeInteger) ? { kind: 'exit', pid, ppid, status, tm } : null;
}

export class ProcConnector {
  private readonly helper: LineHelper | null;
  /** Resolves once it is subscribed, or failed to be. */
  readonly state: Promise<SourceState>;
  /** Overflows of its socket (events lost). */
  lost = 0;

  constructor(onFact: (fact: ExitFact) => void) {
    const binary = findProcwatch();
    if (!binary) {
      this.helper = null;
      this.state = Promise.resolve({ on: false, note: 'exits: no netlink helper (forkscope-procwatch is built at install with a C compiler): the sampler alone sees processes end' });
      return;
    }
    let settle: (state: SourceState) => void = () => {};
    this.state = new Promise((resolve) => (settle = resolve));
    this.helper = new LineHelper([binary], (line) => {
      if (line === 'ready') settle({ on: true, note: 'exits: the netlink process-events connector (each exit with its status, stamped by the kernel)' });
      else if (line === 'lost') this.lost++;
      else if (line.startsWith('error ')) settle({ on: false, note: `exits: the netlink process-events connector refused (${line.slice(6)}; it needs CAP_NET_ADMIN): the sampler alone sees processes end` });
      else {
        const fact = parseProcwatchLine(line);
        if (fact) onFact(fact);
      }
    });
    void this.helper.exited.then(() => settle({ on: false, note: 'exits: the netlink helper ended before it subscribed: the sampler alone sees processes end' }));
  }

  stop(): Promise<void> {
    return this.helper?.stop() ?? Promise.resolve();
  }
}
