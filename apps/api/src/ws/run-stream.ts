// One run's events on their way to one WebSocket client: sent at once while the stream is quiet, batched
// while events come faster than it may send, resumable (a cursor into the run's shared buffer, so a
// watcher costs no copy of the events), and backpressured (a client that stops reading never grows
// server memory).
//
// Pacing is a token bucket of messages: one token per interval, `burst` at most. A quiet stream has tokens,
// so an event goes out on the next turn of the event loop (events of the same turn share a message); only
// a stream that keeps sending faster than one message per interval runs dry and then sends one batch per
// interval. A child printing a line every 15 ms thus sees each line delivered at once, and `yes` is
// delivered in a few large messages per second.
//
// Backpressure: when the socket's `bufferedAmount` is above the high-water mark nothing is sent; the
// cursor simply stays behind. Once the socket drains, the backlog goes out with adjacent output of the
// same process and stream merged into one `process.output` event marked `coalesced: true`, whose `seq`
// is the last merged one (so resuming from `seq + 1` neither skips nor repeats). A socket that stays
// above the mark for `stuckMs`, or exceeds the hard limit, is closed with 1013 (try again later).
import { eventJson, type ForkscopeEvent, type ProcessOutputEvent, type ServerMessage } from '@forkscope/protocol';
import type { SerialisedEvents } from '../runs/event-blocks.js';

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
  /** The events as JSON text already, when the run keeps them so (runs/event-blocks.ts). */
  readonly serialised?: SerialisedEvents | null;
}

export interface RunStreamOptions {
  /**
   * Time between two messages of this stream once its burst is spent, ms. Default 10: a lesson's process
   * printing a line every 15 ms, with the sampler's state and memory events beside it, makes about 85
   * messages a second, which must not be held back (at 16 ms it spent its burst within seconds and every
   * line then waited up to a frame).
   */
  intervalMs?: number;
  /** Messages a quiet stream may send at once before it is held to one per interval. Default 32 (half a second's worth). */
  burst?: number;
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

/**
 * The last message made from each source, until the end of the turn: the streams of a run's watchers that
 * are in step send the same events in the same turn, and share one serialisation of them. Events never
 * change once in the source, so a run and a range name one text.
 */
const sharedMessages = new WeakMap<StreamSource, { runId: string; from: number; to: number; data: string }>();

/** Roughly the JSON size of an event, for the batch limit. */
function estimatedBytes(event: ForkscopeEvent): number {
  return event.type === 'process.output' ? event.text.length + 120 : 200;
}

export function createRunStream(
  runId: string,
  source: StreamSource,
  socket: StreamSocket,
  fromSeq: number,
  options: RunStreamOptions = {},
): RunStream {
  const intervalMs = options.intervalMs ?? 10;
  const burst = options.burst ?? 32;
  const highWater = options.highWaterBytes ?? 1024 * 1024;
  const hardLimit = options.hardLimitBytes ?? 4 * 1024 * 1024;
  const stuckMs = options.stuckMs ?? 10_000;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const maxMergedChars = options.maxMergedChars ?? 64 * 1024;
  const now = options.now ?? (() => performance.now());

  /** `{"type":"events","runId":…,"events":[`: what JSON.stringify writes before the events. */
  const messageHead = `{"type":"events","runId":${JSON.stringify(runId)},"events":[`;
  let cursor = fromSeq;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let tokens = burst;
  let refilledAt = now();
  let behindSince: number | null = null;
  let coalescing = false;
  let disposed = false;

  const refill = (t: number): void => {
    tokens = Math.min(burst, tokens + (t - refilledAt) / intervalMs);
    refilledAt = t;
  };
  const pending = (): boolean => timer !== null || immediate !== null;
  const schedule = (delay: number): void => {
    if (pending() || disposed) return;
    timer = setTimeout(flush, Math.max(0, delay));
  };
  /** The next send: on the next turn when a token is there, else when the next one is. */
  const scheduleSend = (): void => {
    if (pending() || disposed) return;
    refill(now());
    if (tokens >= 1) immediate = setImmediate(flush);
    else schedule((1 - tokens) * intervalMs);
  };

  function flush(): void {
    timer = null;
    immediate = null;
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

    let bytes = 0;
    let data: string;
    if (!coalescing) {
      const from = cursor;
      const serialised = source.serialised;
      while (cursor < events.length && bytes < maxBatchBytes) {
        const block = serialised?.blockAt(cursor);
        if (block && (cursor === from || bytes + block.text.length <= maxBatchBytes)) {
          bytes += block.text.length;
          cursor = block.to;
        } else {
          bytes += estimatedBytes(events[cursor++]!);
        }
      }
      data = messageOf(events, from, cursor);
    } else {
      const batch: ForkscopeEvent[] = [];
      while (cursor < events.length && bytes < maxBatchBytes) {
        const event = events[cursor++]!;
        const previous = batch[batch.length - 1];
        if (event.type === 'process.output' && previous?.type === 'process.output' && canMerge(previous, event)) {
          batch[batch.length - 1] = {
            ...previous,
            seq: event.seq,
            text: previous.text + event.text,
            coalesced: true,
          } satisfies ProcessOutputEvent;
        } else {
          batch.push(event);
        }
        bytes += estimatedBytes(event);
      }
      data = JSON.stringify({ type: 'events', runId, events: batch } satisfies ServerMessage);
    }
    if (cursor >= events.length) coalescing = false;
    refill(t);
    tokens -= 1;
    socket.send(data);
    // A full batch left a backlog: that is batching at its largest, so the next one goes on the next turn
    // (a slow reader is held back by the high-water mark above, not by the interval).
    if (cursor < events.length) {
      if (bytes >= maxBatchBytes && !disposed) immediate = setImmediate(flush);
      else scheduleSend();
    }
  }

  /**
   * The `events` message of `events[from, to)`: JSON.stringify's text, made once per turn for all the
   * streams of this source that send the same events (watchers in step share it).
   */
  function messageOf(events: readonly ForkscopeEvent[], from: number, to: number): string {
    const shared = sharedMessages.get(source);
    if (shared && shared.runId === runId && shared.from === from && shared.to === to) return shared.data;
    const serialised = source.serialised;
    // Pieces joined once: one flat string (the socket needs it flat).
    const parts: string[] = [messageHead];
    for (let i = from; i < to; ) {
      if (i > from) parts.push(',');
      const block = serialised?.blockAt(i);
      if (block && block.to <= to) {
        parts.push(block.text.replaceAll('\n', ','));
        i = block.to;
      } else {
        parts.push(eventJson(events[i++]!));
      }
    }
    parts.push(']}');
    const data = parts.join('');
    if (!shared) setImmediate(() => sharedMessages.delete(source));
    sharedMessages.set(source, { runId, from, to, data });
    return data;
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
      scheduleSend();
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      if (immediate !== null) clearImmediate(immediate);
      timer = null;
      immediate = null;
    },
  };
}
