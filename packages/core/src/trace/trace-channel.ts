// The writing end of the run's trace channel (team contract 2): one JSON record + "\n" per event, written
// with ONE synchronous write() so that a SIGKILL right after loses nothing and concurrent writers (every
// process of the run shares the fd) never interleave inside a line.
import type { TraceRecord } from '../events/types.js';

// Not `import … from 'node:fs'`: an ESM import of fs builds its namespace, whose getters load Node's
// whole streams stack at every process start.
const { writeSync } = process.getBuiltinModule('node:fs');

/** Longest line a record may take, newline included (contract 2). */
export const MAX_RECORD_BYTES = 4000;

/** Absolute CLOCK_MONOTONIC time in µs, the clock every process of the run stamps its records with. */
export function monotonicMicros(): number {
  // process.hrtime() reads the same clock as hrtime.bigint(), without BigInt arithmetic on the hot path.
  const [seconds, nanos] = process.hrtime();
  return seconds * 1_000_000 + Math.floor(nanos / 1000);
}

function readTraceFd(): number | null {
  if (!process.env.FORKSCOPE_RUN || !process.env.FORKSCOPE_TRACE_FD) return null;
  const fd = Number(process.env.FORKSCOPE_TRACE_FD);
  return Number.isInteger(fd) && fd > 2 ? fd : null;
}

let traceFd = readTraceFd();

/** True inside a run (FORKSCOPE_RUN set): events go to the collector and output becomes events. */
export function isTracing(): boolean {
  return traceFd !== null;
}

/** The inherited fd number of the channel, for handing it on to children; null when not tracing. */
export function traceChannelFd(): number | null {
  return traceFd;
}

// Records are built from a union member without `tm`; the caller gives the time it happened.
type RecordBody = TraceRecord extends infer R ? (R extends unknown ? Omit<R, 'tm'> : never) : never;

/** Writes one record, stamped `tm` (default: now). Without a run this does nothing. */
export function emit(record: RecordBody, tm: number = monotonicMicros()): void {
  if (traceFd === null) return;
  writeLine(`${JSON.stringify(record).slice(0, -1)},"tm":${tm}}\n`);
}

/** Writes one complete record line (JSON + "\n", within MAX_RECORD_BYTES) in one write() call. */
export function writeLine(line: string): void {
  if (traceFd === null) return;
  try {
    // The common case: the whole line in one call, without copying it into a Buffer first.
    const written = writeSync(traceFd, line);
    if (written === Buffer.byteLength(line)) return;
    writeRest(Buffer.from(line, 'utf8'), written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') traceFd = null;
    else writeRest(Buffer.from(line, 'utf8'), 0);
  }
}

function writeRest(buffer: Buffer, from: number): void {
  let offset = from;
  while (offset < buffer.length && traceFd !== null) {
    try {
      offset += writeSync(traceFd, buffer, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking fd with a full buffer: wait a little and retry rather than drop the record.
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 1);
      // The collector is gone (EPIPE, EBADF): the run is over; stop tracing instead of crashing.
      else traceFd = null;
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
