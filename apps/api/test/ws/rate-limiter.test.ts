import { describe, expect, it } from 'vitest';
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

  it('refills at 20 per second', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 40; i++) limiter.take(0);
    expect(limiter.take(0)).toBe('refuse-and-tell');
    // 100 ms later: two tokens.
    expect(limiter.take(100)).toBe('accept');
    expect(limiter.take(100)).toBe('accept');
    expect(limiter.take(100)).toBe('refuse-and-tell');
  });

  it('names a bad option', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow('Expected the `perSecond` rate to be a positive number, got `0`');
  });
});
