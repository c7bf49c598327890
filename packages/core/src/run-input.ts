// `input(prompt?)` / `inputLines()`: the twins of Python's input() and `for line in sys.stdin`. In a run,
// a process reads the lines the run addresses to its pid (contract 2: it connects to
// $FORKSCOPE_RUN_DIR/input.sock and sends its pid); outside a run it reads process.stdin. A child
// started by Process has /dev/null as stdin, so outside a run it reads EOF at once, as in Python.
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ProcessError } from './errors.js';
import { isTracing } from './trace/trace-channel.js';
import { context } from './runtime/process-context.js';

let lines: AsyncIterator<string> | null = null;

function openInput(): Readable {
  const runDir = process.env.FORKSCOPE_RUN_DIR;
  if (!isTracing() || !runDir) return process.stdin;
  const socket = process.getBuiltinModule('node:net').connect(join(runDir, 'input.sock'));
  socket.write(`${process.pid}\n`);
  // No input channel (the run offers none): the same as a closed stdin.
  socket.on('error', () => socket.destroy());
  return socket;
}

/** The next input line, or null at end of input. */
async function nextLine(): Promise<string | null> {
  lines ??= process.getBuiltinModule('node:readline').createInterface({ input: openInput(), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = await lines.next();
  return next.done ? null : next.value;
}

/** Prints `prompt` (no newline) and resolves to the next line. Rejects with ERR_INPUT_EOF at end of input. */
export async function input(prompt = ''): Promise<string> {
  if (prompt !== '') process.stdout.write(String(prompt));
  const line = await nextLine();
  if (line === null) throw new ProcessError('ERR_INPUT_EOF', { name: context.current?.name ?? 'MainProcess', pid: process.pid });
  return line;
}

/** Every input line until end of input. */
export async function* inputLines(): AsyncGenerator<string, void, undefined> {
  for (let line = await nextLine(); line !== null; line = await nextLine()) yield line;
}
