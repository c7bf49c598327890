// A run's ordered event stream: assigns the gapless `seq`, keeps every event, replays then streams to listeners.
import type { ForkscopeEvent, UnsequencedEvent } from '@forkscope/protocol';

export class EventLog {
  readonly events: ForkscopeEvent[] = [];
  private readonly listeners = new Set<(event: ForkscopeEvent) => void>();
  private closed = false;

  /** Appends an event with the next seq; ignored once the log is closed (nothing follows `run.ended`). */
  append(event: UnsequencedEvent): ForkscopeEvent | null {
    if (this.closed) return null;
    const { t, type, pid, ...rest } = event;
    const sequenced = { seq: this.events.length, t, type, pid, ...rest } as ForkscopeEvent;
    this.events.push(sequenced);
    if (sequenced.type === 'run.ended') this.closed = true;
    for (const listener of this.listeners) deliver(listener, sequenced);
    if (this.closed) this.listeners.clear();
    return sequenced;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(listener: (event: ForkscopeEvent) => void, fromSeq = 0): () => void {
    const start = Math.max(0, Math.floor(fromSeq));
    for (let i = start; i < this.events.length; i++) deliver(listener, this.events[i] as ForkscopeEvent);
    if (this.closed) return () => {};
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
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
