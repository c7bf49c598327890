// In a traced process, stdout and stderr are replaced by streams that turn every write into a
// `process.output` record of this pid, written synchronously. The run's raw fds 1/2 then only carry what
// bypasses the tracer (native code, a child runtime that is not traced), which the supervisor reports as
// `untraced` output.
import { EventEmitter } from 'node:events';
import type { OutputStream } from '@forkscope/protocol';
import { emitOutput } from './output-records.js';

type WriteCallback = (error?: Error | null) => void;

/**
 * A minimal writable stream (write, end, the flags pipe() and console look at). It is not a
 * stream.Writable on purpose: that would load Node's whole streams stack at every process start, and
 * every write here completes synchronously anyway.
 */
class TracedOutput extends EventEmitter {
  readonly fd: number;
  readonly isTTY = false;
  readonly writable = true;
  readonly writableLength = 0;
  readonly writableHighWaterMark = 16384;
  readonly writableNeedDrain = false;
  readonly writableEnded = false;
  readonly destroyed = false;

  constructor(private readonly stream: OutputStream) {
    super();
    this.fd = stream === 'stdout' ? 1 : 2;
    // Writes never fail asynchronously; a standing listener also spares console.log from adding and
    // removing its own for every call.
    this.on('error', () => {});
  }

  write(chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    const charset = typeof encoding === 'string' ? encoding : 'utf8';
    let text: string;
    if (typeof chunk === 'string') text = charset === 'utf8' || charset === 'utf-8' ? chunk : Buffer.from(chunk, charset).toString('utf8');
    else if (chunk instanceof Uint8Array) text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    else throw new TypeError(`The "chunk" argument must be of type string or an instance of Buffer or Uint8Array, got ${typeof chunk}`);
    emitOutput(this.stream, text);
    if (done) callLater(done);
    return true;
  }

  /** stdout and stderr cannot be ended (as in Node); a final chunk is still written. */
  end(chunk?: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): this {
    if (typeof chunk === 'function') callLater(chunk as WriteCallback);
    else if (chunk !== undefined && chunk !== null) this.write(chunk, encoding, callback);
    else if (typeof encoding === 'function') callLater(encoding);
    return this;
  }

  cork(): void {}
  uncork(): void {}
  setDefaultEncoding(): this {
    return this;
  }
  hasColors(): boolean {
    return false;
  }
  getColorDepth(): number {
    return 1;
  }
}

// Write callbacks run asynchronously, as stream callbacks do, but batched into one tick: console.log
// passes one with every write.
let callbacks: WriteCallback[] = [];

function callLater(callback: WriteCallback): void {
  if (callbacks.push(callback) === 1) process.nextTick(runCallbacks);
}

function runCallbacks(): void {
  const due = callbacks;
  callbacks = [];
  for (const callback of due) callback(null);
}

/**
 * Replaces `process.stdout`/`process.stderr` (and so the global console, which binds to them lazily on
 * first use) with traced streams. Must run before anything prints.
 */
export function captureOutput(): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const traced = new TracedOutput(stream);
    Object.defineProperty(process, stream, { configurable: true, enumerable: true, get: () => traced });
  }
}
