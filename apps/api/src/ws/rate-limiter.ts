// Per-connection message rate limit: a token bucket (DESIGN §5; containment.md §8: 20/s, burst 40),
// refilled at the connection's fair share of the server-wide budget when that is lower (message-budget.ts).
// The first message over the limit is answered with ERR_RATE_LIMITED (at most once a second: under a shared
// budget a connection may be refused many times a second, and each answer is work for the server); if the
// client keeps sending while limited (more than one second's worth of refused messages in a row), the
// connection is closed (1008).

export interface RateLimitOptions {
  /** Sustained messages per second. Default 20. */
  perSecond?: number;
  /** Bucket size. Default 40. */
  burst?: number;
}

export type RateDecision = 'accept' | 'refuse-and-tell' | 'refuse' | 'close';

export interface RateLimiter {
  /** `share`: the connection's current share of the server-wide budget, messages per second. */
  take(now?: number, share?: number): RateDecision;
  /** The rate the last take() allowed, messages per second. */
  readonly rate: number;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const perSecond = options.perSecond ?? 20;
  const burst = options.burst ?? 40;
  if (!(perSecond > 0)) throw new TypeError(`Expected the \`perSecond\` rate to be a positive number, got \`${perSecond}\``);
  if (!(burst >= 1)) throw new TypeError(`Expected the \`burst\` to be at least 1, got \`${burst}\``);
  let tokens = burst;
  let last: number | null = null;
  let refusedInARow = 0;
  let toldAt = -Infinity;
  let rate = perSecond;

  return {
    get rate() {
      return rate;
    },
    take(now = performance.now(), share = Infinity) {
      rate = Math.min(perSecond, share);
      // Under a shared budget the bucket shrinks too: two seconds of the share, so bursts stay fair.
      const size = Math.min(burst, Math.max(1, 2 * rate));
      tokens = Math.min(size, tokens + (Math.max(0, now - (last ?? now)) / 1000) * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        refusedInARow = 0;
        return 'accept';
      }
      refusedInARow += 1;
      if (refusedInARow > perSecond) return 'close';
      if (refusedInARow === 1 && now - toldAt >= 1000) {
        toldAt = now;
        return 'refuse-and-tell';
      }
      return 'refuse';
    },
  };
}
