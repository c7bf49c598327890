import { describe, expect, test } from 'vitest';
import { formatExit, signalName, signalNumber } from '../src/index.js';

describe('signalName / signalNumber', () => {
  test.each([
    [1, 'SIGHUP'],
    [2, 'SIGINT'],
    [6, 'SIGABRT'],
    [9, 'SIGKILL'],
    [11, 'SIGSEGV'],
    [15, 'SIGTERM'],
    [17, 'SIGCHLD'],
    [19, 'SIGSTOP'],
    [31, 'SIGSYS'],
    [34, 'SIGRTMIN'],
    [36, 'SIGRTMIN+2'],
    [64, 'SIGRTMIN+30'],
  ])('%i ↔ %s', (number, name) => {
    expect(signalName(number)).toBe(name);
    expect(signalNumber(name)).toBe(number);
  });

  test.each([0, -15, 32, 33, 65, 1.5, NaN])('no name for %s', (n) => {
    expect(signalName(n)).toBeNull();
  });

  test.each([
    ['TERM', 15],
    ['sigkill', 9],
    ['SIGIOT', 6],
    ['SIGPOLL', 29],
    ['SIGRTMAX', 64],
    ['SIGNOPE', null],
    ['SIGRTMIN+31', null],
  ])('signalNumber(%s) = %s', (name, number) => {
    expect(signalNumber(name)).toBe(number);
  });
});

describe('formatExit', () => {
  test.each([
    [0, null, '0'],
    [1, null, '1'],
    [3, null, '3'],
    [-15, 'SIGTERM', '\u221215 SIGTERM'],
    [-15, null, '\u221215 SIGTERM'],
    [null, 'SIGKILL', '\u22129 SIGKILL'],
    [-9, 'SIGKILL', '\u22129 SIGKILL'],
    [-40, null, '\u221240 SIGRTMIN+6'],
    [-99, null, '\u221299'],
    [null, null, '?'],
  ] as const)('(%s, %s) → %s', (code, signal, badge) => {
    expect(formatExit(code, signal)).toBe(badge);
  });
});
