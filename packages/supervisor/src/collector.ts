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

  /**
   * Reads the trace channel until every process holding it has exited. Each chunk is decoded once (a
   * character split across chunks waits in the decoder) and cut into lines as a string: no Buffer and no
   * decoding per line, which is most of the work when a run writes thousands of records a second.
   */
  readTrace(stream: Readable): void {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let skipping = false;
    const flushLine = (text: string) => {
      if (skipping) {
        skipping = false;
        this.invalidLines++;
        return;
      }
      if (text.length === 0) return;
      const record = parseTraceLine(text);
      if (record) this.sink.record(record);
      else this.invalidLines++;
    };
    this.track(stream, (chunk: Buffer) => {
      const text = decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        flushLine(pending.length > 0 ? pending + text.slice(start, nl) : text.slice(start, nl));
        pending = '';
        start = nl + 1;
      }
      if (start < text.length && !skipping) {
        pending += text.slice(start);
        // Characters, not bytes: a line of 64 Ki characters is at least 64 KiB.
        if (pending.length > MAX_LINE_BYTES) {
          pending = '';
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
