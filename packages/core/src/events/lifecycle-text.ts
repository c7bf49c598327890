// English text of derived console lines. The structured `ConsoleLine.lifecycle` is the source of truth;
// this text is what the CLI prints and what a reader without translations sees.

import { exitSignal } from './exit-cause.js';
import type { ConsoleLifecycle, ExitCause } from './model.js';

/** `name · pid` for a known process, `pid N` otherwise. */
export type ProcessLabeler = (pid: number) => string;

const CAUSE_NOTE: Record<ExitCause, string> = {
  returned: '',
  error: ' (uncaught error)',
  exit: '',
  terminated: ' (terminated)',
  killed: ' (killed)',
  'daemon-killed': " (daemon, its parent's code had ended)",
  signal: '',
  unknown: '',
};

export function lifecycleText(line: ConsoleLifecycle, label: ProcessLabeler): string {
  switch (line.kind) {
    case 'spawned':
      return `spawned by ${line.by ? label(line.by) : 'the run'}${line.daemon ? ' · daemon' : ''}${line.discovered ? ' · discovered' : ''}`;
    case 'joined':
      return line.timedOut ? `join(${label(line.target)}) timed out` : `joined ${label(line.target)}`;
    case 'terminating':
      return `sent ${line.signal} to ${label(line.target)}`;
    case 'alive-checked':
      return `is_alive(${label(line.target)}) → ${line.alive ? 'True' : 'False'}`;
    case 'daemon-killed':
      return `daemon: SIGTERM from ${label(line.by)}, whose code had ended`;
    case 'exited': {
      const sig = exitSignal(line.exitCode, line.signal);
      const head = sig
        ? `killed by ${sig} · exit ${line.badge.split(' ')[0]}`
        : line.exitCode === null
          ? 'exited · code unknown'
          : `exited · ${line.badge}`;
      return head + CAUSE_NOTE[line.cause];
    }
    case 'reparented':
      return `re-parented: ppid ${line.from} → ${line.to}`;
    case 'input':
      return `> ${line.text}`;
    case 'truncated':
      return `output truncated: ${line.droppedBytes} bytes dropped`;
    case 'run-ended': {
      const code = line.exitCode === null ? '' : ` · exit ${line.exitCode}`;
      const why = line.reason ? ` (${line.reason})` : '';
      const left = line.leftovers === 0 ? 'none left over' : `${line.leftovers} left over`;
      return `run ${line.status}${why}${code} · ${line.processes} processes · ${left}`;
    }
  }
}
