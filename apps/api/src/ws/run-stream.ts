// One run's events on their way to one WebSocket client: batched (at most one message per interval),
// resumable (a cursor into the run's shared buffer, so a watcher costs no copy of the events), and
// backpressured (a client that stops reading never grows server memory).
//
// Backpressure: when the socket's `bufferedAmount` is above the high-water mark nothing is sent; the
// cursor simply stays behind. Once the socket drains, the backlog goes out with adjacent output of the
// same process and stream merged into one `process.output` event marked `coalesced: true`, whose `seq`
// is the last merged one (so resuming from `seq + 1` neither skips nor repeats). A socket that stays
// above the mark for `stuckMs`, or exceeds the hard limit, is closed with 1013 (try again later).
import type { ForkscopeEvent, ProcessOutputEvent, ServerMessage } from '@forkscope/protocol';

export interface StreamSocket {
  /** 1 = OPEN, as in the WebSocket API. */
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** The run's events so far; `events[i].seq === i` (seq is gapless from 0). */
export interface StreamSource {
  readonly events: readonly ForkscopeEvent[];
}

export interface RunStreamOptions {
  /** Minimum time between two messages of this stream, ms. Default 16. */
  intervalMs?: number;
  /** Above this many buffered bytes, stop sending and coalesce the backlog later. Default 1 MiB. */
  highWaterBytes?: number;
  /** Close 1013 above this many buffered bytes. Default 4 MiB. */
  hardLimitBytes?: number;
  /** Close 1013 after this long above the high-water mark, ms. Default 10 000. */
  stuckMs?: number;
  /** Largest batch, in estimated bytes of JSON. Default 256 KiB. */
  maxBatchBytes?: number;
  /** Largest text of one coalesced output event, characters. Default 64 Ki. */
  maxMergedChars?: number;
  /** Clock, ms. Default performance.now. */
  now?: () => number;
}

export interface RunStream {
  readonly runId: string;
  /** seq of the next event to send. */
  readonly cursor: number;
  /** Tells the stream that the source has new events. */
  notify(): void;
  dispose(): void;
}

export const CLOSE_TRY_AGAIN_LATER = 1013;

export function createRunStream(
  runId: string,
  source: StreamSource,
  socket: StreamSocket,
  fromSeq: number,
  options: RunStreamOptions = {},
): RunStream {
  const intervalMs = options.intervalMs ?? 16;
  const highWater = options.highWaterBytes ?? 1024 * 1024;
  const hardLimit = options.hardLimitBytes ?? 4 * 1024 * 1024;
  const stuckMs = options.stuckMs ?? 10_000;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const maxMergedChars = options.maxMergedChars ?? 64 * 1024;
  const now = options.now ?? (() => performance.now());

  let cursor = fromSeq;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = -Infinity;
  let behindSince: number | null = null;
  let coalescing = false;
  let disposed = false;

  const schedule = (delay: number): void => {
    if (timer !== null || disposed) return;
    timer = setTimeout(flush, Math.max(0, delay));
  };

  function flush(): void {
    timer = null;
    if (disposed || socket.readyState !== 1) return;
    const events = source.events;
    if (cursor >= events.length) return;
    const t = now();
    const buffered = socket.bufferedAmount;
    if (buffered > highWater) {
      coalescing = true;
      behindSince ??= t;
      if (buffered > hardLimit || t - behindSince >= stuckMs) {
        disposed = true;
        socket.close(CLOSE_TRY_AGAIN_LATER, 'Client is not reading fast enough');
        return;
      }
      schedule(intervalMs);
      return;
    }
    behindSince = null;

    const batch: ForkscopeEvent[] = [];
    let bytes = 0;
    while (cursor < events.length && bytes < maxBatchBytes) {
      const event = events[cursor++]!;
      const previous = batch[batch.length - 1];
      if (coalescing && event.type === 'process.output' && previous?.type === 'process.output' && canMerge(previous, event)) {
        batch[batch.length - 1] = {
          ...previous,
          seq: event.seq,
          text: previous.text + event.text,
          coalesced: true,
        } satisfies ProcessOutputEvent;
      } else {
        batch.push(event);
      }
      bytes += event.type === 'process.output' ? event.text.length + 120 : 200;
    }
    if (cursor >= events.length) coalescing = false;
    lastSent = t;
    const message: ServerMessage = { type: 'events', runId, events: batch };
    socket.send(JSON.stringify(message));
    if (cursor < events.length) schedule(intervalMs);
  }

  function canMerge(a: ProcessOutputEvent, b: ProcessOutputEvent): boolean {
    return a.pid === b.pid && a.stream === b.stream && a.untraced === b.untraced && a.text.length + b.text.length <= maxMergedChars;
  }

  return {
    runId,
    get cursor() {
      return cursor;
    },
    notify() {
      if (timer !== null || disposed) return;
      schedule(lastSent + intervalMs - now());
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
