// The writing end of the run's trace channel (team contract 2): one JSON record + "\n" per line, written
// whole with synchronous write()s of about a page at most, so that the concurrent writers (every process
// of the run shares the fd) never interleave inside a line. A lifecycle record, and each of the first
// lines of output a program prints at a time, is written at once, so a SIGKILL right after loses
// nothing. A flood of output is packed several lines to a write(): one write() per line costs more than
// the printing itself (the collector is woken every time).
import type { TraceRecord } from '@forkscope/protocol';
import { MAX_RECORD_BYTES } from '@forkscope/protocol/limits';

// Not `import … from 'node:fs'`: an ESM import of fs builds its namespace, whose getters load Node's
// whole streams stack at every process start.
const { writeSync } = process.getBuiltinModule('node:fs');

/** Longest line a record may take, newline included (contract 2; the protocol's limit). */
export { MAX_RECORD_BYTES };

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
  const line = `${JSON.stringify(record).slice(0, -1)},"tm":${tm}}\n`;
  if (record.type === 'process.output') writeOutputLine(line);
  else writeNow(line);
}

/**
 * Writes one complete output record line (JSON + "\n", within MAX_RECORD_BYTES). The first lines of a
 * synchronous stretch go out at once; past BURST_LINES they are packed (a flood), and the pack goes out
 * when full, when the stretch ends, when a line comes a while after it opened, or when a lifecycle
 * record or the process's exit needs the channel.
 */
export function writeOutputLine(line: string): void {
  if (traceFd === null) return;
  if (pack.length === 0) {
    if (++burstLines === 1) queueMicrotask(endOfStretch);
    if (burstLines <= BURST_LINES) {
      writeWhole(line);
      return;
    }
    packOpenedAt = monotonicMicros();
  } else if (packBytes + line.length > PACK_BYTES || monotonicMicros() - packOpenedAt > PACK_OPEN_US) {
    flushPack();
    packOpenedAt = monotonicMicros();
  }
  pack.push(line);
  packBytes += line.length;
  if (!exitHooked) {
    exitHooked = true;
    // A pack still open when the process ends goes out first (a signal's default action skips this).
    process.on('exit', flushPack);
  }
}

/** Writes one complete record line now, after the open pack. */
function writeNow(line: string): void {
  flushPack();
  writeWhole(line);
}

// Lines of one synchronous stretch written one by one before packing starts: a program that prints a
// few lines at a time sees each written as it prints.
const BURST_LINES = 32;
// A pack is at most this many UTF-16 units (record lines are nearly all ASCII), so that its UTF-8 form
// stays near one page: one write() of it is as atomic as a single record's.
const PACK_BYTES = 4000;
// A pack older than this goes out with the next line, whatever its size.
const PACK_OPEN_US = 2000;

let pack: string[] = [];
let packBytes = 0;
let packOpenedAt = 0;
let burstLines = 0;
let exitHooked = false;

function endOfStretch(): void {
  burstLines = 0;
  flushPack();
}

function flushPack(): void {
  if (pack.length === 0) return;
  const text = pack.length === 1 ? pack[0]! : pack.join('');
  pack = [];
  packBytes = 0;
  writeWhole(text);
}

/** Writes `text` (whole record lines) in one write() call where the channel takes it, else in as few as it does. */
function writeWhole(text: string): void {
  if (traceFd === null) return;
  try {
    // The common case: all of it in one call, without copying it into a Buffer first.
    const written = writeSync(traceFd, text);
    if (written !== Buffer.byteLength(text)) writeRest(Buffer.from(text, 'utf8'), written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') writeRest(Buffer.from(text, 'utf8'), 0);
    else traceFd = null; // the collector is gone (EPIPE, EBADF): the run is over; stop tracing instead of crashing
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
      else traceFd = null;
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
