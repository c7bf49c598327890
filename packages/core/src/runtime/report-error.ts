// How a process reports the error that ended its own code: on stderr as Python does (a child prints a
// `Process <name>:` header before the traceback), and as a `process.error` event.
import { ProcessError } from '../errors.js';
import { emit } from '../trace/trace-channel.js';
import { exitStatus, SystemExit } from '../system-exit.js';
import { sourceMappedStack } from './source-mapped-stack.js';

// Keeps the error record within a trace line.
const MAX_MESSAGE = 1000;
const MAX_STACK = 2400;

/** Prints `error` (after `header`, if any) and returns the exit status it stands for. */
export function reportError(error: unknown, header: string | null): number {
  const { inspect } = process.getBuiltinModule('node:util'); // only on this path: not at every start
  if (error instanceof SystemExit) {
    const { status, message } = exitStatus(error.code);
    if (message !== null) process.stderr.write(`${message}\n`);
    return status;
  }
  const text = sourceMappedStack(error instanceof Error ? inspect(error) : `Uncaught ${inspect(error)}`);
  process.stderr.write(header === null ? `${text}\n` : `${header}\n${text}\n`);
  const isError = error instanceof Error;
  emit({
    type: 'process.error',
    pid: process.pid,
    errorType: isError ? error.name : typeof error,
    message: clip(isError ? error.message : inspect(error), MAX_MESSAGE),
    stack: clip(isError ? sourceMappedStack(error.stack ?? '') : '', MAX_STACK),
    ...(error instanceof ProcessError ? { code: error.code } : {}),
  });
  return 1;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
