// `sleep(seconds)`: the twin of Python's time.sleep(), awaited instead of blocking the thread.
import { invalidArg } from './errors.js';

/** Resolves after `seconds` (a non-negative number, fractions allowed). */
export function sleep(seconds: number): Promise<void> {
  if (typeof seconds !== 'number' || !(seconds >= 0) || seconds === Infinity) {
    throw invalidArg('sleep() seconds', 'a non-negative finite number', seconds);
  }
  return new Promise((resolve) => setTimeout(resolve, Math.min(seconds * 1000, 2 ** 31 - 1)));
}
