import { describe, expect, it } from 'vitest';
import { createMessageBudget } from '../../src/ws/message-budget.js';
import { createRateLimiter } from '../../src/ws/rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows a burst of 40, tells once, then closes when the client keeps going', () => {
    const limiter = createRateLimiter();
    const t = 1000;
    const decisions = Array.from({ length: 70 }, () => limiter.take(t));
    expect(decisions.slice(0, 40).every((d) => d === 'accept')).toBe(true);
    expect(decisions[40]).toBe('refuse-and-tell');
    expect(decisions.slice(41, 60).every((d) => d === 'refuse')).toBe(true);
    expect(decisions[60]).toBe('close');
  });

  it('refills at 20 per second, and tells a refused client at most once a second', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 40; i++) limiter.take(0);
    expect(limiter.take(0)).toBe('refuse-and-tell');
    // 100 ms later: two tokens.
    expect(limiter.take(100)).toBe('accept');
    expect(limiter.take(100)).toBe('accept');
    expect(limiter.take(100)).toBe('refuse');
    expect(limiter.take(1000)).toBe('accept');
    for (let i = 0; i < 17; i++) limiter.take(1000);
    expect(limiter.take(1000)).toBe('refuse-and-tell');
  });

  it('names a bad option', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow('Expected the `perSecond` rate to be a positive number, got `0`');
  });
});

describe('createMessageBudget', () => {
  it('shares the server-wide budget among the connections that sent in the last second', () => {
    const budget = createMessageBudget({ perSecond: 1000 });
    expect(budget.share(1, 0)).toBe(1000);
    for (let id = 2; id <= 250; id++) budget.share(id, 10);
    expect(budget.share(1, 20)).toBe(4);
    // The next second still counts the last one's senders, so a share never jumps back up at a window edge.
    expect(budget.share(1, 1005)).toBe(4);
    // Two quiet seconds later only the one that still sends is counted.
    expect(budget.share(1, 3000)).toBe(1000);
  });

  it('holds 250 connections at their own limit to the budget together, and a quiet client is not refused', () => {
    const budget = createMessageBudget({ perSecond: 1000 });
    const limiters = Array.from({ length: 250 }, () => createRateLimiter());
    const quiet = createRateLimiter();
    let accepted = 0;
    let quietRefused = 0;
    // Ten seconds: each connection sends 20 per second (its own limit); the quiet one 2 per second.
    for (let ms = 0; ms < 10_000; ms += 50) {
      limiters.forEach((limiter, i) => {
        if (limiter.take(ms, budget.share(i, ms)) === 'accept') accepted++;
      });
      if (ms % 500 === 0 && quiet.take(ms, budget.share(999, ms)) !== 'accept') quietRefused++;
    }
    // Allowing for the first second's bursts, the 250 get about the budget, not 5 000 a second.
    expect(accepted / 10).toBeLessThan(1000 * 1.3);
    expect(quietRefused).toBe(0);
  });
});
