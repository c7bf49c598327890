import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { runMessage } from '../src/run-message.js';

describe('runMessage', () => {
  it('states how a run ended, fact first', () => {
    expect(runMessage('abc', 'completed', null, 10, DEFAULT_LIMITS)).toBeNull();
    expect(runMessage('abc', 'cancelled', 'cancel', 412.4, DEFAULT_LIMITS)).toBe('Run "abc" was cancelled after 412 ms');
    expect(runMessage('abc', 'timeout', 'wall', 30_004, DEFAULT_LIMITS)).toBe('Run "abc" timed out after 30000 ms');
    expect(runMessage('abc', 'limit', 'tasks', 99, DEFAULT_LIMITS)).toBe('Run "abc" hit its tasks limit (512 tasks) after 99 ms');
    expect(runMessage('abc', 'limit', 'memory', 99, DEFAULT_LIMITS)).toBe('Run "abc" hit its memory limit (512 MiB) after 99 ms');
    expect(runMessage('abc', 'failed', 'spawn', 1, DEFAULT_LIMITS, 'Command not found: x')).toBe('Run "abc" failed to start: Command not found: x');
  });
});
