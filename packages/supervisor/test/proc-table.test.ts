import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findTaggedProcesses, parseStat, readEnvVar, readStat } from '../src/proc-table.js';

describe('parseStat', () => {
  it('splits at the last parenthesis, so a name with spaces and parentheses parses', () => {
    const line = '4242 (evil ) (name) Z 17 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'evil ) (name', state: 'Z', ppid: 17, pgid: 4242, sid: 4242, startTime: 12345 });
  });

  it('reports a tracing stop as stopped', () => {
    expect(parseStat('1 (x) t 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0')?.state).toBe('T');
  });
});

describe('the live process table', () => {
  it('reads our own stat and finds a tagged child by its environment', async () => {
    expect(readStat(process.pid)).toMatchObject({ pid: process.pid, ppid: process.ppid });
    const child = spawn('sleep', ['10'], { env: { PATH: process.env['PATH'] ?? '', FORKSCOPE_RUN: 'proc-table-test' } });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(readEnvVar(child.pid!, 'FORKSCOPE_RUN')).toBe('proc-table-test');
      expect(findTaggedProcesses('proc-table-test').map((s) => s.pid)).toEqual([child.pid]);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(findTaggedProcesses('proc-table-test')).toEqual([]);
  });
});
