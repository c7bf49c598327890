// Linux signal numbers and names (x86-64 / arm64 numbering), and the exit badge text. Browser-safe: the
// web needs them to label exits without asking Node's os.constants.

import type { SignalName } from './types.js';

const NAMES: readonly (SignalName | null)[] = [
  null,
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
];

/** glibc's SIGRTMIN (kernel 32 and 33 are reserved by the threading library). */
const RTMIN = 34;
const RTMAX = 64;

const ALIASES: Record<string, number> = { SIGIOT: 6, SIGPOLL: 29, SIGCLD: 17, SIGUNUSED: 31 };

/** `signalName(15) === 'SIGTERM'`; real-time signals are `SIGRTMIN+n`; null for a number Linux does not have. */
export function signalName(signal: number): SignalName | null {
  if (!Number.isInteger(signal) || signal <= 0) return null;
  const name = NAMES[signal];
  if (name) return name;
  if (signal >= RTMIN && signal <= RTMAX) return signal === RTMIN ? 'SIGRTMIN' : `SIGRTMIN+${signal - RTMIN}`;
  return null;
}

/** `signalNumber('SIGTERM') === 15`; accepts `TERM`, aliases (`SIGIOT`) and `SIGRTMIN+n`; null when unknown. */
export function signalNumber(name: string): number | null {
  const upper = name.toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const index = NAMES.indexOf(full as SignalName);
  if (index > 0) return index;
  if (full in ALIASES) return ALIASES[full] ?? null;
  const rt = /^SIGRTMIN(?:\+(\d+))?$/.exec(full);
  if (rt) {
    const n = RTMIN + Number(rt[1] ?? 0);
    return n <= RTMAX ? n : null;
  }
  if (full === 'SIGRTMAX') return RTMAX;
  return null;
}

/** Typographic minus, so the badge reads `−15 SIGTERM` and not `-15 SIGTERM`. */
const MINUS = '\u2212';

/**
 * The exit badge: `0`, `1`, `3`, `−15 SIGTERM`, `−9 SIGKILL`; `?` when neither is known. `exitCode` is
 * Python-style (−N for signal N); either argument may be missing and is then derived from the other.
 */
export function formatExit(exitCode: number | null, signal: SignalName | null): string {
  const sig = signal ?? (exitCode !== null && exitCode < 0 ? signalName(-exitCode) : null);
  if (sig) {
    const number = exitCode !== null && exitCode < 0 ? -exitCode : signalNumber(sig);
    return number === null ? sig : `${MINUS}${number} ${sig}`;
  }
  if (exitCode === null) return '?';
  return exitCode < 0 ? `${MINUS}${-exitCode}` : String(exitCode);
}
