// The writing end of the run's trace channel (team contract 2): one JSON record + "\n" per line. Lines
// are written whole, at most PIPE_BUF bytes per write(), so that the concurrent writers (every process
// of the run shares the fd) never interleave inside a line. A lifecycle record, and each of the first
// lines of output a program prints at a time, is written at once, so a SIGKILL right after loses
// nothing. A flood of output is packed several lines to a write(): one write() per line costs more
// than the printing itself (the reader is woken every time). Where the channel is a non-blocking pipe
// and full, output waits in memory, as Node's own stdout queues writes to a slow pipe.
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
  if (head === queue.length) {
    if (++burstLines === 1) queueMicrotask(endOfStretch);
    if (burstLines <= BURST_LINES && tryWrite(line)) return;
    enqueue(line);
    packOpenedAt = monotonicMicros();
    nextAttemptAt = queuedBytes + PIPE_BUF;
    return;
  }
  enqueue(line);
  if (queuedBytes > MAX_QUEUED_BYTES) drain('wait');
  else if (monotonicMicros() - packOpenedAt > PACK_OPEN_US) drain('now');
  else if (queuedBytes >= nextAttemptAt) drain('packs');
}

/** Writes one complete record line now, after anything queued, waiting for room if it must. */
function writeNow(line: string): void {
  if (head < queue.length || !tryWrite(line)) {
    enqueue(line);
    drain('wait');
  }
}

// A write() of at most PIPE_BUF bytes to a pipe is atomic: all of it or, on a full non-blocking pipe, EAGAIN.
const PIPE_BUF = 4096;
// Lines of one synchronous stretch written one by one before packing starts: a program that prints a
// few lines at a time sees each written as it prints.
const BURST_LINES = 32;
// A pack older than this goes out with the next line, whatever the pack's size.
const PACK_OPEN_US = 2000;
// Past this much waiting output, the writer waits for the reader instead of growing.
const MAX_QUEUED_BYTES = 1 << 20;

// Lines waiting, from queue[head] on; queuedBytes counts their UTF-16 units (record lines are nearly all ASCII).
let queue: string[] = [];
let head = 0;
let queuedBytes = 0;
let nextAttemptAt = 0;
let packOpenedAt = 0;
let burstLines = 0;
let drainTimer: ReturnType<typeof setTimeout> | null = null;
let exitHooked = false;

function enqueue(line: string): void {
  queue.push(line);
  queuedBytes += line.length;
  if (!exitHooked) {
    exitHooked = true;
    // Whatever still waits when the process ends goes out first (a signal's default action skips this,
    // as it skips Node's own queued stdout).
    process.on('exit', () => drain('wait'));
  }
}

function endOfStretch(): void {
  burstLines = 0;
  drain('now');
}

/** Tries to write `text` (whole lines, ≤ PIPE_BUF bytes, or one record) in one call; false when the channel is full. */
function tryWrite(text: string): boolean {
  if (traceFd === null) return true;
  try {
    const written = writeSync(traceFd, text);
    // A blocking socket (spawn's socketpair, when the supervisor could not make a pipe) may take part of a line.
    if (written !== Buffer.byteLength(text)) writeRest(Buffer.from(text, 'utf8'), written);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return false;
    // The collector is gone (EPIPE, EBADF): the run is over; stop tracing instead of crashing.
    stopTracing();
    return true;
  }
}

/**
 * Writes queued lines packed up to PIPE_BUF bytes per write(). 'packs': only full packs, without waiting;
 * 'now': all that the channel takes without waiting (the rest is retried when idle); 'wait': all of it.
 */
function drain(how: 'packs' | 'now' | 'wait'): void {
  while (head < queue.length && traceFd !== null) {
    let end = head;
    let bytes = 0;
    while (end < queue.length) {
      const size = Buffer.byteLength(queue[end]!);
      if (end > head && bytes + size > PIPE_BUF) break;
      bytes += size;
      end++;
    }
    if (how === 'packs' && end === queue.length) break;
    const pack = end === head + 1 ? queue[head]! : queue.slice(head, end).join('');
    if (tryWrite(pack)) {
      head = end;
      queuedBytes -= pack.length;
      // A flood may keep the queue from ever emptying: drop the written lines now and then.
      if (head >= 4096 && head * 2 >= queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
    } else if (how === 'wait') {
      Atomics.wait(sleeper, 0, 0, 0.25);
    } else {
      scheduleDrain();
      break;
    }
  }
  if (head === queue.length) {
    clearQueue();
  } else {
    // What is left waits for a pack's worth more, or for its age: not one failing write() per line.
    nextAttemptAt = queuedBytes + PIPE_BUF;
    packOpenedAt = monotonicMicros();
  }
}

function clearQueue(): void {
  queue = [];
  head = 0;
  queuedBytes = 0;
}

// Idle time drains what the full channel did not take: the lines go out as soon as it has room.
function scheduleDrain(): void {
  if (drainTimer !== null) return;
  drainTimer = setTimeout(() => {
    drainTimer = null;
    drain('now');
  }, 1);
  // The queue does not keep the process alive: the exit hook empties it.
  drainTimer.unref();
}

function writeRest(buffer: Buffer, from: number): void {
  let offset = from;
  while (offset < buffer.length && traceFd !== null) {
    try {
      offset += writeSync(traceFd, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 0.25);
      else stopTracing();
    }
  }
}

function stopTracing(): void {
  traceFd = null;
  clearQueue();
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
