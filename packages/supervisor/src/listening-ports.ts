// Which sockets are listening, and on which port, per network namespace: /proc/<pid>/net/tcp{,6}. Reading those
// makes the kernel walk its whole TCP hash tables (~9 ms on this project's machines, whatever few sockets there
// are), so they are read off the event loop, and one reading serves every request about sockets that existed
// before it began: a descriptor inherited at a fork existed when the child reported its first instruction.
import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseListeningPorts } from './fd-table.js';

interface Reading {
  /** performance.now() when the reading began. */
  startedAt: number;
  ports: Promise<Map<number, number>>;
}

export class ListeningPorts {
  private readonly readings = new Map<string, Reading>();

  /**
   * The listening ports in `pid`'s namespace, from a reading begun at or after `since` (performance.now() ms): a
   * socket that existed at `since` is in it.
   */
  of(pid: number, since: number, proc = '/proc'): Promise<Map<number, number>> {
    let ns = `pid:${pid}`;
    try {
      ns = readlinkSync(`${proc}/${pid}/ns/net`);
    } catch {
      // gone, or no namespaces: read through its own pid
    }
    const last = this.readings.get(ns);
    if (last && last.startedAt >= since) return last.ports;
    const reading: Reading = { startedAt: performance.now(), ports: read(pid, proc) };
    this.readings.set(ns, reading);
    return reading.ports;
  }
}

async function read(pid: number, proc: string): Promise<Map<number, number>> {
  const ports = new Map<number, number>();
  for (const table of ['tcp', 'tcp6']) {
    try {
      parseListeningPorts(await readFile(`${proc}/${pid}/net/${table}`, 'latin1'), ports);
    } catch {
      // no such table (no IPv6), or the process is gone
    }
  }
  return ports;
}
