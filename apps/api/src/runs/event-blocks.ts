// A live run's events as JSON text, serialised once for its recording and every watcher: the events that
// arrive in one event-loop turn become one block of NDJSON lines, sealed at the end of the turn (before
// the watchers' streams send: both run on the check phase, the block's first). The recording appends the
// block as it is; a stream sends whole blocks with their newlines turned into commas, which is the text
// JSON.stringify gives the same events in an array (JSON text has no raw newline but between lines).
//
// Blocks are kept only while a stream may still send them: those every watcher has passed are forgotten
// as each new one is sealed, and the oldest beyond `maxBytes` too (a stream that far behind serialises
// its events itself, as it does for a run read back from its recording).
import { eventJson, type ForkscopeEvent } from '@forkscope/protocol';

export interface EventBlock {
  /** seq of its first event. */
  readonly from: number;
  /** seq after its last event. */
  readonly to: number;
  /** One line of JSON per event, joined by newlines (no final newline). */
  readonly text: string;
}

/** What a stream reads: the sealed block that starts at a seq, if it is still kept. */
export interface SerialisedEvents {
  blockAt(seq: number): EventBlock | undefined;
}

export class EventBlocks implements SerialisedEvents {
  private readonly starts = new Map<number, EventBlock>();
  private readonly order: EventBlock[] = [];
  private bytes = 0;
  private pendingFrom = -1;

  /**
   * `events`: the run's events (append-only); `onSealed`: gets each block as it is sealed (the recording);
   * `keepAfter`: the lowest seq a watcher's stream still has to send (blocks before it are forgotten).
   */
  constructor(
    private readonly events: readonly ForkscopeEvent[],
    private readonly onSealed: (block: EventBlock) => void,
    private readonly keepAfter: () => number,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {}

  /** The last of `events` is new: it joins this turn's block. */
  added(): void {
    if (this.pendingFrom !== -1) return;
    this.pendingFrom = this.events.length - 1;
    setImmediate(() => this.seal());
  }

  /** Seals what this turn added (at the end of the turn, or at once when the run ends). */
  seal(): void {
    const from = this.pendingFrom;
    if (from === -1) return;
    this.pendingFrom = -1;
    const to = this.events.length;
    const lines = new Array<string>(to - from);
    for (let i = from; i < to; i++) lines[i - from] = eventJson(this.events[i]!);
    const block: EventBlock = { from, to, text: lines.join('\n') };
    this.forget(this.keepAfter());
    this.starts.set(from, block);
    this.order.push(block);
    this.bytes += block.text.length;
    this.onSealed(block);
  }

  blockAt(seq: number): EventBlock | undefined {
    return this.starts.get(seq);
  }

  private forget(keepAfter: number): void {
    let n = 0;
    while (n < this.order.length && (this.order[n]!.to <= keepAfter || this.bytes > this.maxBytes)) {
      const block = this.order[n++]!;
      this.starts.delete(block.from);
      this.bytes -= block.text.length;
    }
    if (n > 0) this.order.splice(0, n);
  }
}
