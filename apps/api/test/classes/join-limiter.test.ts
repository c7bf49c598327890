import { describe, expect, it } from 'vitest';
import { createJoinLimiter } from '../../src/classes/join-limiter.js';

describe('join limiter', () => {
  it('lets an address try `perAddress` wrong codes a minute, then refuses it every join until a try comes back', () => {
    const limiter = createJoinLimiter({ perAddress: 3, perServer: 100 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('10.0.0.1', 0).ok).toBe(true);
      limiter.failed('10.0.0.1', 0);
    }
    const refused = limiter.check('10.0.0.1', 1000);
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/at most 3 a minute; try again in \d+ s/) });
    expect(limiter.check('10.0.0.2', 1000).ok).toBe(true);
    // One try comes back every 20 s.
    expect(limiter.check('10.0.0.1', 20_001).ok).toBe(true);
  });

  it('past the server-wide budget only addresses without a wrong code may try', () => {
    const limiter = createJoinLimiter({ perAddress: 5, perServer: 4 });
    for (let i = 0; i < 4; i++) limiter.failed(`10.0.1.${i}`, 0);
    expect(limiter.check('10.0.1.0', 10)).toEqual({ ok: false, message: expect.stringContaining('at most 4 a minute') });
    expect(limiter.check('10.0.9.9', 10).ok).toBe(true);
    expect(limiter.check('10.0.1.0', 60_000).ok).toBe(true);
  });

  it('remembers a bounded number of addresses', () => {
    const limiter = createJoinLimiter({ perAddress: 1, maxAddresses: 10, perServer: 1_000_000 });
    for (let i = 0; i < 50; i++) limiter.failed(`10.1.0.${i}`, 0);
    // The first ones were forgotten (they may try again); the last ones not.
    expect(limiter.check('10.1.0.0', 0).ok).toBe(true);
    expect(limiter.check('10.1.0.49', 0).ok).toBe(false);
  });
});
