// The collector: reads a run's trace channel (one JSON record per line, from every process of the run) and its
// raw stdout/stderr (output that bypassed the tracer), and hands both on as records.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { OutputStream, TraceRecord } from '@forkscope/protocol';
import { parseTraceLine } from './trace-record.js';

/** A line longer than this is not a trace record (the protocol caps lines at 4000 bytes). */
const MAX_LINE_BYTES = 64 * 1024;
/** Untraced output is forwarded in pieces of at most this many characters. */
const MAX_RAW_CHUNK = 16 * 1024;

export interface CollectorSink {
  record(record: TraceRecord): void;
  untraced(stream: OutputStream, text: string): void;
}

export class Collector {
  invalidLines = 0;
  private open = 0;

  constructor(private readonly sink: CollectorSink) {}

  /** Reads the trace channel until every process holding it has exited. */
  readTrace(stream: Readable): void {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    const flushLine = (buf: Buffer) => {
      if (skipping) {
        skipping = false;
        this.invalidLines++;
        return;
      }
      if (buf.length === 0) return;
      const record = parseTraceLine(buf.toString('utf8'));
      if (record) this.sink.record(record);
      else this.invalidLines++;
    };
    this.track(stream, (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        flushLine(pending.length ? Buffer.concat([...pending, piece]) : piece);
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length && !skipping) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) {
          pending = [];
          pendingBytes = 0;
          skipping = true;
        }
      }
    });
  }

  /** Reads raw stdout or stderr of the run as untraced output. */
  readRaw(stream: Readable, name: OutputStream): void {
    const decoder = new StringDecoder('utf8');
    const forward = (text: string) => {
      for (let i = 0; i < text.length; i += MAX_RAW_CHUNK) this.sink.untraced(name, text.slice(i, i + MAX_RAW_CHUNK));
    };
    this.track(
      stream,
      (chunk: Buffer) => forward(decoder.write(chunk)),
      () => forward(decoder.end()),
    );
  }

  private track(stream: Readable, onData: (chunk: Buffer) => void, onEnd?: () => void): void {
    this.open++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      onEnd?.();
      this.open--;
    };
    stream.on('data', onData);
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  }

  /** Whether every stream reached its end. */
  get drained(): boolean {
    return this.open === 0;
  }
}
