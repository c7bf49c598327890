// Why a process ended, from the evidence the run reported about it. Facts in the events, meaning here.

import type { ExitCause, ProcessModel } from './model.js';
import { signalName } from './signals.js';
import type { SignalName } from './types.js';

type Evidence = Pick<ProcessModel, 'exitCode' | 'signal' | 'exitedAt'> & Pick<Partial<ProcessModel>, 'error' | 'signals' | 'reparented'>;

/** The signal that ended it: the `signal` field, or the one a Python-style negative exit code names. */
export function exitSignal(exitCode: number | null, signal: SignalName | null): SignalName | null {
  if (signal) return signal;
  return exitCode !== null && exitCode < 0 ? signalName(-exitCode) : null;
}

/**
 * The derived exit cause of a process, or null while it has not exited.
 * - ended by a signal: `daemon-killed` if its parent announced a daemon kill with that signal, `killed` /
 *   `terminated` if another process announced SIGKILL / another signal, else `signal` (supervisor, kernel, OOM);
 * - exit code unknown: `reparented` when the kernel moved it to another parent (that parent reaped it, so
 *   nobody in the run could see the code), else `unknown`;
 * - code 1 after an uncaught `process.error`: `error` (a `SystemExit` "error" counts as an explicit exit);
 * - code 0: `returned`; any other code: `exit`.
 */
export function deriveExitCause(p: Evidence): ExitCause | null {
  if (p.exitedAt === null) return null;
  const sig = exitSignal(p.exitCode, p.signal);
  if (sig) {
    // Only a signal from another process of the run explains the exit (the supervisor's cancel does not).
    const announced = (p.signals ?? []).filter((s) => s.signal === sig && s.fromRun !== false);
    if (announced.some((s) => s.daemonKill)) return 'daemon-killed';
    if (announced.length > 0) return sig === 'SIGKILL' ? 'killed' : 'terminated';
    return 'signal';
  }
  if (p.exitCode === null) return (p.reparented ?? []).length > 0 ? 'reparented' : 'unknown';
  const error = p.error ?? null;
  if (error && error.errorType === 'SystemExit') return 'exit';
  if (error && p.exitCode === 1) return 'error';
  return p.exitCode === 0 ? 'returned' : 'exit';
}
