import { describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { EventLog } from '../src/event-log.js';

describe('EventLog', () => {
  it('numbers events from 0 without gaps, with seq, t, type, pid first', () => {
    const log = new EventLog();
    log.append({ type: 'process.var', t: 5, pid: 3, name: 'n', value: 1 });
    log.append({ type: 'process.main-ended', t: 7, pid: 3 });
    expect(log.events.map((e) => e.seq)).toEqual([0, 1]);
    expect(Object.keys(log.events[0]!).slice(0, 4)).toEqual(['seq', 't', 'type', 'pid']);
  });

  it('replays from a seq, then streams; nothing is accepted after run.ended', () => {
    const log = new EventLog();
    log.append({ type: 'process.main-ended', t: 1, pid: 1 });
    const seen: ForkscopeEvent[] = [];
    log.subscribe((e) => seen.push(e), 1);
    log.append({ type: 'process.main-ended', t: 2, pid: 1 });
    log.append({ type: 'run.ended', t: 3, pid: 1, status: 'completed', reason: null, exitCode: 0, leftovers: 0 });
    expect(log.append({ type: 'process.main-ended', t: 4, pid: 1 })).toBeNull();
    expect(seen.map((e) => e.seq)).toEqual([1, 2]);
    expect(log.isClosed).toBe(true);
  });

  it('keeps going when a listener throws', () => {
    const log = new EventLog();
    const seen: number[] = [];
    log.subscribe(() => {
      throw new Error('boom');
    });
    log.subscribe((e) => seen.push(e.seq));
    log.append({ type: 'process.main-ended', t: 1, pid: 1 });
    expect(seen).toEqual([0]);
  });
});
