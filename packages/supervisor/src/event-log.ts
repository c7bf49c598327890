// A run's ordered event stream: assigns the gapless `seq`, keeps every event, replays then streams to listeners.
import { sequenceEvent, type ForkscopeEvent, type UnsequencedEvent } from '@forkscope/protocol';

export class EventLog {
  readonly events: ForkscopeEvent[] = [];
  /** An array, not a Set: iterating a Set allocates an iterator per event. */
  private listeners: ((event: ForkscopeEvent) => void)[] = [];
  private closed = false;

  /** Appends an event with the next seq; ignored once the log is closed (nothing follows `run.ended`). */
  append(event: UnsequencedEvent): ForkscopeEvent | null {
    if (this.closed) return null;
    return this.push(sequenceEvent(event, this.events.length));
  }

  /** The seq the next event gets. */
  get nextSeq(): number {
    return this.events.length;
  }

  /**
   * Appends an event its caller built with `seq === nextSeq` (the collector builds each record's event
   * once, numbered: no second copy); ignored once the log is closed.
   */
  push(event: ForkscopeEvent): ForkscopeEvent | null {
    if (this.closed) return null;
    if (event.seq !== this.events.length) throw new RangeError(`Expected \`seq\` ${this.events.length} (the next in the log), got ${event.seq}`);
    this.events.push(event);
    if (event.type === 'run.ended') this.closed = true;
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) deliver(listeners[i]!, event);
    if (this.closed) this.listeners = [];
    return event;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(listener: (event: ForkscopeEvent) => void, fromSeq = 0): () => void {
    const start = Math.max(0, Math.floor(fromSeq));
    for (let i = start; i < this.events.length; i++) deliver(listener, this.events[i] as ForkscopeEvent);
    if (this.closed) return () => {};
    // Copied on change: a listener added or removed during a delivery takes effect from the next event.
    if (!this.listeners.includes(listener)) this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}

/** A throwing listener must not break the run or other listeners. */
function deliver(listener: (event: ForkscopeEvent) => void, event: ForkscopeEvent): void {
  try {
    listener(event);
  } catch (error) {
    process.emitWarning(`A run event listener threw: ${(error as Error)?.message ?? String(error)}`, 'ForkscopeWarning');
  }
}
