// `traceNet(kind, port, peer?)`: lets a program put its socket life on the timeline (`net.*` events):
// a server's listen and accept, a client's connect, either side's close.
import { invalidArg } from './errors.js';
import { emit } from './trace/trace-channel.js';

export type NetEventKind = 'listening' | 'accepted' | 'connected' | 'closed';

const kinds: readonly NetEventKind[] = ['listening', 'accepted', 'connected', 'closed'];

/**
 * Emits `net.<kind>` for this process. `port` is the local port for `listening`/`accepted` and the
 * server's port for `connected`; `peer` (`host:port`) is required for every kind but `listening`.
 */
export function traceNet(kind: NetEventKind, port: number, peer?: string): void {
  if (!kinds.includes(kind)) throw invalidArg('traceNet() kind', kinds.map((k) => `"${k}"`).join(', '), kind);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidArg('traceNet() port', 'an integer from 0 to 65535', port);
  const pid = process.pid;
  if (kind === 'listening') {
    emit({ type: 'net.listening', pid, port });
    return;
  }
  if (typeof peer !== 'string' || peer === '') throw invalidArg(`traceNet("${kind}") peer`, 'a "host:port" string', peer);
  emit({ type: `net.${kind}`, pid, port, peer });
}
