// The teacher's run, followed by every student of a class: one serialisation per batch of events for the
// whole class, not one per student (the `/live` watchers each have their own stream, ws/run-stream.ts).
//
// The fan-out watches the run through the run manager like any viewer (a client of its own), so it reads
// the run's shared buffer of events: `sent` is how far every follower has been sent. A batch goes out on
// the next turn of the event loop once events arrive (those of one turn share a message), paced like a
// run stream once its burst is spent (one message per `intervalMs`). A follower who joins late is sent
// events [fromSeq, sent) at once — the snapshot, serialised once for every follower who needs the same
// range — and then takes the live batches with the others. A follower whose socket holds more than
// `hardLimitBytes` unsent is closed with 1013; its page joins again and catches up by the snapshot.
//
// What the sockets cost is a system call per write (measured: `pnpm bench classroom`), so the class's
// other messages (the view, presence, the question) wait in an outbox for the end of the turn and leave
// with the next batch of events when one is due (this turn, or within the pacing interval): one write per
// student for both.
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import type { RunClient, RunManager } from '../runs/run-manager.js';
import type { RunStream, StreamSource } from '../ws/run-stream.js';
import { CLOSE_TRY_AGAIN_LATER } from '../ws/run-stream.js';
import { frameOf, type ClassMember } from './class-member.js';

export interface FanoutOptions {
  /** Time between two batches once the burst is spent, ms. Default 16. */
  intervalMs?: number;
  /** Batches sent back to back before pacing starts. Default 32 (as a run stream's). */
  burst?: number;
  /** Largest batch, in estimated bytes of JSON. Default 256 KiB. */
  maxBatchBytes?: number;
  /** Close a follower with 1013 above this many unsent bytes. Default 4 MiB. */
  hardLimitBytes?: number;
}

export interface ClassFanout {
  /** The run followed now (the teacher's), or null. */
  readonly runId: string | null;
  /** Events sent to every follower so far. */
  readonly sent: number;
  /** Follow another run (null: none). Resolves once its events are there (a recording is read first); false when there is no such run. */
  show(runId: string | null): Promise<boolean>;
  /** Adds a follower: it gets the run's events from `fromSeq` (when it already holds that run) or from 0, then live ones. */
  admit(member: ClassMember, have?: { runId: string; fromSeq: number }): void;
  drop(member: ClassMember): void;
  /** Sends a frame serialised once (class-member.ts: frameOf) to every follower. */
  broadcast(frame: Buffer): void;
  /** The followed run's events so far (its shared buffer), or none. */
  readonly events: readonly ForkscopeEvent[];
  /** Events [from, to) of the followed run as they go out (the question judge reads them). */
  onAdvance: ((runId: string, events: readonly ForkscopeEvent[], from: number, to: number) => void) | null;
  close(): void;
  /** Serialisations of event batches so far (one per batch, whatever the number of followers). */
  readonly serialisations: number;
}

let nextFanoutId = 1;

export function createClassFanout(manager: RunManager, options: FanoutOptions = {}): ClassFanout {
  const intervalMs = options.intervalMs ?? 16;
  const burst = options.burst ?? 32;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const hardLimit = options.hardLimitBytes ?? 4 * 1024 * 1024;

  const followers = new Set<ClassMember>();
  let runId: string | null = null;
  let source: StreamSource | null = null;
  let sent = 0;
  let showing = 0;
  let tokens = burst;
  let refilledAt = performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let closed = false;
  let serialisations = 0;
  /** Frames for every follower, written at the end of this turn (or with the next batch of events). */
  let outbox: Buffer[] = [];
  let draining: ReturnType<typeof setImmediate> | null = null;
  /** The last snapshot frames, reused by every follower who joins while `sent` stays where it is. */
  let snapshot: { runId: string; from: number; to: number; frames: Buffer[] } | null = null;

  // A client of the run manager that is the whole class: the manager streams the run to it as to any viewer.
  const client: RunClient = {
    id: -nextFanoutId++,
    openStream: (id, src, fromSeq): RunStream => {
      if (id === runId) {
        source = src;
        sent = Math.min(fromSeq, src.events.length);
      }
      let disposed = false;
      return {
        runId: id,
        get cursor() {
          return sent;
        },
        notify() {
          if (!disposed && id === runId && source === src) schedule();
        },
        dispose() {
          disposed = true;
        },
      };
    },
    // What the manager tells watchers (a run that could not start) goes to the followers.
    send: (message: ServerMessage) => fanout.broadcast(frameOf(message)),
  };

  const pending = (): boolean => timer !== null || immediate !== null;
  function schedule(): void {
    if (pending() || closed) return;
    const now = performance.now();
    tokens = Math.min(burst, tokens + (now - refilledAt) / intervalMs);
    refilledAt = now;
    if (tokens >= 1) immediate = setImmediate(flush);
    else timer = setTimeout(flush, (1 - tokens) * intervalMs);
  }

  /** Writes the outbox to every follower: one write each. */
  function drain(): void {
    if (draining !== null) clearImmediate(draining);
    draining = null;
    // A batch of events is queued (this turn, or within the pacing interval): the outbox leaves with it.
    if (pending()) return;
    if (outbox.length === 0) return;
    const frames = outbox;
    outbox = [];
    for (const member of followers) deliver(member, frames);
  }

  /** Events [from, to) as messages of at most maxBatchBytes each. */
  function framesOf(id: string, events: readonly ForkscopeEvent[], from: number, to: number): Buffer[] {
    const frames: Buffer[] = [];
    let start = from;
    while (start < to) {
      let end = start;
      let bytes = 0;
      while (end < to && (end === start || bytes < maxBatchBytes)) {
        const e = events[end]!;
        bytes += e.type === 'process.output' ? e.text.length + 120 : 200;
        end += 1;
      }
      frames.push(frameOf({ type: 'events', runId: id, events: events.slice(start, end) }));
      serialisations += 1;
      start = end;
    }
    return frames;
  }

  function flush(): void {
    timer = null;
    immediate = null;
    if (closed) return;
    const events = source?.events ?? [];
    if (runId !== null && sent < events.length) {
      const from = sent;
      let to = from;
      let bytes = 0;
      while (to < events.length && bytes < maxBatchBytes) {
        const e = events[to]!;
        bytes += e.type === 'process.output' ? e.text.length + 120 : 200;
        to += 1;
      }
      const [frame] = framesOf(runId, events, from, to);
      sent = to;
      snapshot = null;
      tokens -= 1;
      outbox.push(frame!);
      drain();
      fanout.onAdvance?.(runId, events, from, to);
      if (sent < events.length) schedule();
      return;
    }
    drain();
  }

  function deliver(member: ClassMember, frames: readonly Buffer[]): void {
    if (!member.open) return;
    if (member.bufferedAmount > hardLimit) {
      followers.delete(member);
      member.close(CLOSE_TRY_AGAIN_LATER, 'Client is not reading fast enough');
      return;
    }
    if (frames.length === 1) member.sendFrame(frames[0]!);
    else member.sendFrames(frames);
  }

  const fanout: ClassFanout = {
    onAdvance: null,
    get runId() {
      return runId;
    },
    get sent() {
      return sent;
    },
    get serialisations() {
      return serialisations;
    },

    async show(next) {
      if (next === runId) return true;
      const ticket = ++showing;
      if (runId !== null) manager.unwatch(client, runId);
      if (timer !== null) clearTimeout(timer);
      if (immediate !== null) clearImmediate(immediate);
      timer = immediate = null;
      // What waited for that run's next batch (the view that shows the new run) goes now.
      if (outbox.length > 0) draining ??= setImmediate(drain);
      runId = next;
      source = null;
      sent = 0;
      snapshot = null;
      if (next === null || closed) return true;
      const verdict = await manager.watch(client, next, 0);
      // Another run was asked for while this one was read from its recording.
      if (ticket !== showing || closed) {
        if (runId !== next) manager.unwatch(client, next);
        return verdict.ok;
      }
      if (!verdict.ok) {
        runId = null;
        return false;
      }
      return true;
    },

    admit(member, have) {
      followers.add(member);
      if (!source || runId === null) return;
      const from = have && have.runId === runId ? Math.min(have.fromSeq, sent) : 0;
      if (from >= sent) return;
      if (!snapshot || snapshot.runId !== runId || snapshot.from !== from || snapshot.to !== sent) {
        snapshot = { runId, from, to: sent, frames: framesOf(runId, source.events, from, sent) };
      }
      deliver(member, snapshot.frames);
    },

    drop(member) {
      followers.delete(member);
    },

    get events() {
      return source?.events ?? [];
    },

    broadcast(frame) {
      if (closed) return;
      outbox.push(frame);
      draining ??= setImmediate(drain);
    },

    close() {
      if (timer !== null) clearTimeout(timer);
      if (immediate !== null) clearImmediate(immediate);
      timer = immediate = null;
      // The last word (the class ended) still goes out.
      drain();
      closed = true;
      manager.clientGone(client);
      followers.clear();
      source = null;
      runId = null;
    },
  };
  return fanout;
}
