// The server-wide message budget: all connections together get `perSecond` messages, shared fairly. A
// connection's rate is min(its own limit, budget / connections that sent in the last second), so 250
// connections at their own limit (5 000/s) are held to the budget together, and a quiet client, which asks
// for less than its share, is never refused. Counting is per one-second window: O(1) per message.

export interface MessageBudgetOptions {
  /** Messages per second for the whole server. Default 1 000 (50 connections at the full 20/s each). */
  perSecond?: number;
}

export interface MessageBudget {
  readonly perSecond: number;
  /** Records that `connection` sent a message at `now` (ms) and returns its fair share, messages per second. */
  share(connection: number, now: number): number;
  /** Connections that sent in the current or the previous second. */
  readonly active: number;
}

export function createMessageBudget(options: MessageBudgetOptions = {}): MessageBudget {
  const perSecond = options.perSecond ?? 1000;
  if (!(perSecond > 0)) throw new TypeError(`Expected the message budget \`perSecond\` to be a positive number, got \`${perSecond}\``);
  let window = -Infinity;
  let current = new Set<number>();
  let previous = 0;
  const active = (): number => Math.max(1, previous, current.size);

  return {
    perSecond,
    get active() {
      return active();
    },
    share(connection, now) {
      const w = Math.floor(now / 1000);
      if (w !== window) {
        previous = w === window + 1 ? current.size : 0;
        current = new Set();
        window = w;
      }
      current.add(connection);
      return perSecond / active();
    },
  };
}
