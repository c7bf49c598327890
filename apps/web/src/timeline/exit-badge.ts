// The text and tone of a lane's exit badge, from the reducer's derived fields (exitCode, signal, cause)
// and core's `formatExit` (`0`, `−15 SIGTERM`).
import { formatExit, type ProcessModel } from '@forkscope/protocol';
import type { MessageKey } from '../i18n/messages.js';

export type BadgeTone = 'ok' | 'danger' | 'warn' | 'muted';

export interface ExitBadge {
  key: MessageKey;
  vars: Record<string, string>;
  tone: BadgeTone;
}

export function exitBadge(p: ProcessModel): ExitBadge | null {
  if (p.exitedAt === null) return null;
  const badge = formatExit(p.exitCode, p.signal);
  switch (p.cause) {
    case 'daemon-killed':
    case 'killed':
      return { key: 'exit.killed', vars: { badge }, tone: 'danger' };
    case 'terminated':
      return { key: 'exit.terminated', vars: { badge }, tone: 'danger' };
    case 'signal':
      return { key: 'exit.signal', vars: { badge }, tone: 'danger' };
    case 'error':
      return { key: 'exit.error', vars: { badge }, tone: 'danger' };
    case 'reparented':
      // Its new parent reaped it: the code is not a failure, only out of this run's sight.
      return { key: 'exit.reparented', vars: {}, tone: 'muted' };
    default:
      if (p.exitCode === null) return { key: 'exit.unknown', vars: {}, tone: 'muted' };
      if (p.signal || p.exitCode < 0) return { key: 'exit.signal', vars: { badge }, tone: 'danger' };
      return { key: 'exit.code', vars: { badge }, tone: p.exitCode === 0 ? 'ok' : 'warn' };
  }
}
