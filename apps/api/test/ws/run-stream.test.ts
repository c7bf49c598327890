import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { createRunStream, type StreamSocket } from '../../src/ws/run-stream.js';

function fakeSocket() {
  const sent: Extract<ServerMessage, { type: 'events' }>[] = [];
  const socket = {
    readyState: 1,
    bufferedAmount: 0,
    closed: null as null | { code: number; reason: string },
    sent,
    send(data: string) {
      sent.push(JSON.parse(data));
    },
    close(code: number, reason: string) {
      socket.closed = { code, reason };
      socket.readyState = 3;
    },
  };
  return socket satisfies StreamSocket;
}

const out = (seq: number, pid = 7, text = `line ${seq}\n`): ForkscopeEvent => ({ seq, t: seq, pid, type: 'process.output', stream: 'stdout', text });
const state = (seq: number): ForkscopeEvent => ({ seq, t: seq, pid: 7, type: 'process.state', state: 'S', ppid: 1 });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRunStream', () => {
  it('sends what arrived in one turn as one message, and the next event of a quiet stream at once', () => {
    const source = { events: [] as ForkscopeEvent[] };
    const socket = fakeSocket();
    const stream = createRunStream('r', source, socket, 0, { now: () => Date.now() });
    for (let i = 0; i < 100; i++) {
      source.events.push(out(i));
      stream.notify();
    }
    vi.advanceTimersByTime(1);
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]!.events.map((e) => e.seq)).toEqual([...Array(100).keys()]);

    // A line every 15 ms (a lesson printing steadily; the interval is 10 ms): each goes out on the next turn.
    for (let i = 100; i < 110; i++) {
      vi.advanceTimersByTime(15);
      source.events.push(out(i));
      stream.notify();
      vi.advanceTimersByTime(0);
      expect(socket.sent.at(-1)!.events.map((e) => e.seq)).toEqual([i]);
    }
  });

  it('holds a stream that keeps sending faster than its interval to one message per interval, batching the rest', () => {
    const source = { events: [] as ForkscopeEvent[] };
    const socket = fakeSocket();
    const stream = createRunStream('r', source, socket, 0, { burst: 4, intervalMs: 16, now: () => Date.now() });
    // An event every millisecond for 200 ms.
    for (let i = 0; i < 200; i++) {
      source.events.push(out(i));
      stream.notify();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(32);
    // 4 messages of burst, then about one per 16 ms: 200 / 16 + 4 ≈ 17, never one per event.
    expect(socket.sent.length).toBeGreaterThanOrEqual(14);
    expect(socket.sent.length).toBeLessThanOrEqual(18);
    expect(socket.sent.flatMap((m) => m.events.map((e) => e.seq))).toEqual([...Array(200).keys()]);
    expect(Math.max(...socket.sent.map((m) => m.events.length))).toBeGreaterThanOrEqual(15);
  });

  it('starts at fromSeq', () => {
    const source = { events: Array.from({ length: 10 }, (_, i) => out(i)) };
    const socket = fakeSocket();
    createRunStream('r', source, socket, 6).notify();
    vi.advanceTimersByTime(1);
    expect(socket.sent[0]!.events.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
  });

  it('holds back above the high-water mark, then sends the backlog coalesced, covering every seq once', () => {
    const source = { events: [] as ForkscopeEvent[] };
    const socket = fakeSocket();
    const stream = createRunStream('r', source, socket, 0, { highWaterBytes: 1000, now: () => Date.now() });
    socket.bufferedAmount = 5000;
    for (let i = 0; i < 50; i++) source.events.push(i === 20 ? state(i) : out(i, i < 30 ? 7 : 8));
    stream.notify();
    vi.advanceTimersByTime(100);
    expect(socket.sent).toHaveLength(0);

    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(16);
    expect(socket.sent).toHaveLength(1);
    const events = socket.sent[0]!.events;
    expect(events.map((e) => [e.type, e.seq, (e as { coalesced?: boolean }).coalesced ?? false])).toEqual([
      ['process.output', 19, true],
      ['process.state', 20, false],
      ['process.output', 29, true],
      ['process.output', 49, true],
    ]);
    expect((events[0] as { text: string }).text).toBe(Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join(''));

    // Caught up: live events go out one by one again, uncoalesced.
    source.events.push(out(50), out(51));
    stream.notify();
    vi.advanceTimersByTime(16);
    expect(socket.sent[1]!.events).toEqual([out(50), out(51)]);
  });

  it('closes with 1013 when the client stays above the high-water mark too long', () => {
    const source = { events: [out(0)] };
    const socket = fakeSocket();
    const stream = createRunStream('r', source, socket, 0, { highWaterBytes: 10, stuckMs: 500, now: () => Date.now() });
    socket.bufferedAmount = 100;
    stream.notify();
    vi.advanceTimersByTime(480);
    expect(socket.closed).toBeNull();
    vi.advanceTimersByTime(40);
    expect(socket.closed).toEqual({ code: 1013, reason: 'Client is not reading fast enough' });
  });

  it('closes with 1013 at once past the hard limit', () => {
    const socket = fakeSocket();
    socket.bufferedAmount = 5 * 1024 * 1024;
    createRunStream('r', { events: [out(0)] }, socket, 0).notify();
    vi.advanceTimersByTime(1);
    expect(socket.closed?.code).toBe(1013);
  });

  it('splits a large backlog into several bounded messages', () => {
    const source = { events: Array.from({ length: 100 }, (_, i) => out(i, 7, 'x'.repeat(1000))) };
    const socket = fakeSocket();
    createRunStream('r', source, socket, 0, { maxBatchBytes: 10_000 }).notify();
    vi.advanceTimersByTime(200);
    expect(socket.sent.length).toBeGreaterThan(5);
    expect(socket.sent.flatMap((m) => m.events.map((e) => e.seq))).toEqual([...Array(100).keys()]);
  });

  it('sends nothing after dispose', () => {
    const socket = fakeSocket();
    const stream = createRunStream('r', { events: [out(0)] }, socket, 0);
    stream.notify();
    stream.dispose();
    vi.advanceTimersByTime(100);
    expect(socket.sent).toHaveLength(0);
  });
});

describe('createRunStream serialisation', () => {
  it('sends the text JSON.stringify gives, and watchers in step share one serialisation of it', () => {
    const source = { events: [out(0), state(1), { ...out(2), untraced: true } as ForkscopeEvent, out(3, 8, 'ünï "q" \\ \u0000 \ud800\n')] };
    const texts: string[][] = [[], []];
    const sockets = texts.map((sent) => ({ ...fakeSocket(), send: (data: string) => sent.push(data) }));
    const streams = sockets.map((socket) => createRunStream('r"1', source, socket, 0, { now: () => Date.now() }));
    for (const stream of streams) stream.notify();
    vi.advanceTimersByTime(1);
    const expected = JSON.stringify({ type: 'events', runId: 'r"1', events: source.events });
    expect(texts).toEqual([[expected], [expected]]);
    expect(texts[1]![0]).toBe(texts[0]![0]); // the same string: made once
  });
});
