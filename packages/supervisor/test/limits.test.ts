import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, MAX_LIMITS, resolveLimits } from '../src/limits.js';

describe('resolveLimits', () => {
  it('merges requested limits over the base', () => {
    expect(resolveLimits(DEFAULT_LIMITS, { wallMs: 500, memoryBytes: null })).toEqual({ ...DEFAULT_LIMITS, wallMs: 500, memoryBytes: null });
    expect(resolveLimits(DEFAULT_LIMITS, undefined)).toEqual(DEFAULT_LIMITS);
  });

  it('keeps the wall time between 1 ms and the 120 s hard maximum', () => {
    expect(MAX_LIMITS.wallMs).toBe(120_000);
    expect(() => resolveLimits(DEFAULT_LIMITS, { wallMs: 0 })).toThrow(
      'Expected the `limits.wallMs` option to be an integer between 1 and 120000, got `0` (number)',
    );
    expect(() => resolveLimits(DEFAULT_LIMITS, { wallMs: 120_001 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
    expect(() => resolveLimits(DEFAULT_LIMITS, { tasks: 1.5 })).toThrow('got `1.5` (number)');
    expect(() => resolveLimits(DEFAULT_LIMITS, { tasks: '9' })).toThrow('got `9` (string)');
  });

  it('rejects unknown limit names and non-objects', () => {
    expect(() => resolveLimits(DEFAULT_LIMITS, { threads: 3 })).toThrow('Expected the `limits.threads` option to be one of');
    expect(() => resolveLimits(DEFAULT_LIMITS, 5)).toThrow('Expected the `limits` option to be an object, got `5` (number)');
  });

  it('sizes the defaults from measurement: 30 s wall, 1 MiB output, room for 16 Node children', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ wallMs: 30_000, outputBytes: 1024 * 1024, cpuSeconds: 10 });
    // 17 Node processes × 11 tasks (main thread, 4 V8 workers, 4 libuv pool threads, 2 more) = 187 at most.
    expect(DEFAULT_LIMITS.tasks).toBeGreaterThanOrEqual(2 * 17 * 11);
    expect(DEFAULT_LIMITS.memoryBytes).toBeGreaterThanOrEqual(2 * 108 * 1024 * 1024);
  });
});
