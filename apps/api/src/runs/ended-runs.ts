// The ended runs a server keeps in memory for watchers: the most recent ones, at most `keep` of them and
// `keepBytes` of events together; the oldest is forgotten first. Both run managers (embedded, cluster) use it.
import type { ForkscopeEvent } from '@forkscope/protocol';

/** What one event costs in memory, roughly its JSON in UTF-16: what `keepBytes` counts. */
export function eventBytes(event: ForkscopeEvent): number {
  if (event.type === 'run.started' && event.edit) return 2 * event.edit.source.length + 400;
  return event.type === 'process.output' || event.type === 'process.input' ? 2 * event.text.length + 120 : 200;
}

export class EndedRuns {
  private readonly order: { id: string; bytes: number }[] = [];
  private bytes = 0;

  constructor(
    private readonly keep: number,
    private readonly keepBytes: number,
    /** Called with each run forgotten. */
    private readonly forget: (id: string) => void,
  ) {}

  remember(id: string, bytes: number): void {
    this.order.push({ id, bytes });
    this.bytes += bytes;
    while (this.order.length > this.keep || (this.bytes > this.keepBytes && this.order.length > 0)) {
      const oldest = this.order.shift()!;
      this.bytes -= oldest.bytes;
      this.forget(oldest.id);
    }
  }
}
