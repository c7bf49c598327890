// Every signal the kernel generates, who sent it and what became of it: the `signal:signal_generate` tracepoint
// through bpftrace (Debian: `apt-get install bpftrace`; needs root or CAP_BPF + CAP_PERFMON, and tracefs for
// the tracepoint's format). Where tracefs is not mounted (a container, this project's CI machine) and we are
// root, the tracer runs in a mount namespace of its own with tracefs mounted there only: the machine's mounts
// do not change. It must prove itself: the supervisor sends the tracer a SIGCONT until it sees it come through.
import { existsSync } from 'node:fs';
import type { SignalCode, SignalName, SignalResult } from '@forkscope/protocol';
import { signalName } from '@forkscope/protocol';
import { findExecutable } from '../find-executable.js';
import { LineHelper } from './line-helper.js';
import type { SourceState } from './proc-connector.js';

export interface SignalFact {
  kind: 'signal';
  /** The sender's pid (thread-group id): `current` when the signal was generated. */
  by: number;
  /** The sender's command name. */
  byName: string;
  target: number;
  signal: SignalName;
  code: SignalCode;
  result: SignalResult;
  /** CLOCK_MONOTONIC µs. */
  tm: number;
}

/**
 * Signals left out in the kernel, where they are noise: SIGCHLD (the kernel's note to a parent at each child's
 * exit — the exit and reap events tell the same), SIGURG, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, and the
 * real-time signals (timers, threads).
 */
const SCRIPT = `tracepoint:signal:signal_generate
/args->sig != 17 && args->sig != 23 && args->sig != 26 && args->sig != 27 && args->sig != 28 && args->sig != 29 && args->sig < 32/
{ printf("sig %d %d %d %d %d %llu %s\\n", pid, args->pid, args->sig, args->code, args->result, nsecs / 1000, comm); }`;

const SIGCONT = 18;
const SELF_TEST_EVERY_MS = 50;
const RESULTS: readonly SignalResult[] = ['delivered', 'ignored', 'pending', 'overflow', 'lost-info'];

function codeName(code: number): SignalCode {
  if (code === 0) return 'user'; // SI_USER: kill(2)
  if (code === 0x80) return 'kernel'; // SI_KERNEL
  if (code === -6) return 'tkill'; // SI_TKILL
  if (code === -1) return 'queue'; // SI_QUEUE
  return 'other';
}

const LINE = /^sig (\d+) (\d+) (\d+) (-?\d+) (\d+) (\d+) (.*)$/;

export function parseTracerLine(line: string): SignalFact | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const signal = signalName(Number(m[3]));
  const [by, target, tm] = [Number(m[1]), Number(m[2]), Number(m[6])];
  if (!signal || ![by, target, tm].every(Number.isSafeInteger)) return null;
  return { kind: 'signal', by, target, signal, code: codeName(Number(m[4])), result: RESULTS[Number(m[5])] ?? 'delivered', tm, byName: (m[7] ?? '').slice(0, 64) };
}

const TRACEFS = ['/sys/kernel/tracing/events/signal/signal_generate', '/sys/kernel/debug/tracing/events/signal/signal_generate'];

/** How to start bpftrace on this machine, or why it cannot be. */
export function tracerArgv(pathVar = process.env['PATH']): { argv: string[]; how: string } | { argv: null; why: string } {
  const bpftrace = findExecutable('bpftrace', pathVar);
  if (!bpftrace) return { argv: null, why: 'bpftrace is not installed (Debian: apt-get install bpftrace)' };
  const setpriv = findExecutable('setpriv', pathVar);
  // Parent-death: the tracer must not outlive the supervisor, even one killed with SIGKILL.
  const traced = [...(setpriv ? [setpriv, '--pdeathsig', 'TERM', '--'] : []), bpftrace, '-B', 'line', '-e', SCRIPT];
  if (TRACEFS.some((dir) => existsSync(dir))) return { argv: traced, how: 'bpftrace on the signal_generate tracepoint' };
  const unshare = findExecutable('unshare', pathVar);
  if (!unshare || process.getuid?.() !== 0) return { argv: null, why: 'tracefs is not mounted, and only root may mount it for the tracer' };
  return {
    argv: [unshare, '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount -t tracefs nodev /sys/kernel/tracing && exec "$@"', 'sh', ...traced],
    how: 'bpftrace on the signal_generate tracepoint (tracefs mounted in a private mount namespace for it)',
  };
}

export class SignalTracer {
  private readonly helper: LineHelper | null = null;
  readonly state: Promise<SourceState>;
  private selfTest: NodeJS.Timeout | null = null;

  constructor(onFact: (fact: SignalFact) => void, argvOf: typeof tracerArgv = tracerArgv) {
    const plan = argvOf();
    if (plan.argv === null) {
      this.state = Promise.resolve({ on: false, note: `signals: ${plan.why}: each signal is known from its sender's own report` });
      return;
    }
    let settled = false;
    let settle: (state: SourceState) => void = () => {};
    this.state = new Promise<SourceState>((resolve) => (settle = resolve)).then((state) => {
      settled = true;
      if (this.selfTest) clearInterval(this.selfTest);
      return state;
    });
    const helper = new LineHelper(plan.argv, (line) => {
      if (line.startsWith('Attaching ') && !this.selfTest) {
        this.selfTest = setInterval(() => helper.child.kill('SIGCONT'), SELF_TEST_EVERY_MS);
        return;
      }
      const fact = parseTracerLine(line);
      if (!fact) return;
      if (!settled && fact.target === helper.pid && fact.signal === signalName(SIGCONT) && fact.by === process.pid) {
        settle({ on: true, note: `signals: ${plan.how}` });
        return;
      }
      onFact(fact);
    });
    this.helper = helper;
    void helper.exited.then(() => {
      const error = [...helper.stderr].reverse().find((l) => l.startsWith('ERROR') && !l.includes('RLIMIT_MEMLOCK')) ?? helper.stderr.at(-1) ?? 'it exited';
      settle({ on: false, note: `signals: bpftrace could not trace signal_generate (${error.slice(0, 200)}): each signal is known from its sender's own report` });
    });
  }

  stop(): Promise<void> {
    if (this.selfTest) clearInterval(this.selfTest);
    return this.helper?.stop() ?? Promise.resolve();
  }
}
