// Appends a run's recording (events/recording.ts: a header line, then one event per line) while the
// run goes, so an interrupted run still leaves a readable file.
//
// The header is written synchronously when the writer is created (the file exists from the first
// moment). Events are queued and written with one `write()` per event-loop turn: a flood of events costs
// one syscall per batch, every write holds whole lines only, and a crash loses at most the current turn.
import { closeSync, fchmodSync, openSync, write, writeSync, close as closeFd } from 'node:fs';
import { eventJson, type ForkscopeEvent, type RecordingHeader } from '@forkscope/protocol';

export interface RecordingWriter {
  /** Absolute or relative path of the NDJSON file, as given. */
  readonly file: string;
  /** Queues one event; it reaches the file within the current event-loop turn. Ignored after close(). */
  append(event: ForkscopeEvent): void;
  /** Queues events serialised already: their JSON lines joined by newlines (no final newline), in seq order. */
  appendLines(lines: string): void;
  /**
   * Writes what is queued and closes the file. Rejects with the first write error, if any happened
   * (the file then holds every line before the failed write).
   */
  close(): Promise<void>;
}

/**
 * Creates (or truncates) `file`, private to this user (0600), writes `header` as its first line and
 * returns the writer. The folder must exist: a mistyped path fails here instead of growing folders.
 */
export function createRecordingWriter(file: string, header: RecordingHeader): RecordingWriter {
  if (typeof file !== 'string' || file.length === 0) {
    throw new TypeError(`Expected the recording \`file\` to be a non-empty string, got \`${String(file)}\` (${typeof file})`);
  }
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600); // an existing file keeps its mode through 'w'
    writeSync(fd, JSON.stringify(header) + '\n');
  } catch (error) {
    closeSync(fd);
    throw error;
  }

  let queue: string[] = [];
  let writing = false;
  let scheduled = false;
  let closed = false;
  let failure: Error | null = null;
  let drained: (() => void) | null = null;

  const flush = (): void => {
    scheduled = false;
    if (writing || queue.length === 0 || failure) {
      if (!writing) drained?.();
      return;
    }
    // One flat string: a trailing '' gives the last newline without concatenating to the joined text.
    queue.push('');
    const data = Buffer.from(queue.join('\n'));
    queue = [];
    writing = true;
    writeAll(fd, data, (error) => {
      writing = false;
      if (error) failure ??= error;
      if (queue.length > 0 && !failure) flush();
      else drained?.();
    });
  };

  const queueLines = (lines: string): void => {
    queue.push(lines);
    if (!scheduled && !writing) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  return {
    file,
    append(event) {
      if (!closed && !failure) queueLines(eventJson(event));
    },
    appendLines(lines) {
      if (!closed && !failure) queueLines(lines);
    },
    close() {
      if (closed) return Promise.reject(new Error(`Recording "${file}" is already closed`));
      closed = true;
      return new Promise<void>((resolve, reject) => {
        drained = () => {
          drained = null;
          closeFd(fd, (closeError) => {
            const error = failure ?? closeError;
            if (error) reject(error);
            else resolve();
          });
        };
        if (!writing) flush();
      });
    },
  };
}

/** write() until every byte of `data` is written (a short write is legal for regular files too). */
function writeAll(fd: number, data: Buffer, done: (error: Error | null) => void, offset = 0): void {
  write(fd, data, offset, data.length - offset, null, (error, written) => {
    if (error) return done(error);
    if (offset + written < data.length) return writeAll(fd, data, done, offset + written);
    done(null);
  });
}
