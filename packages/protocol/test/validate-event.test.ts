import { describe, expect, test } from 'vitest';
import { traceRecordToEvent, validateEvent, validateTraceRecord } from '../src/index.js';
import { daemonKilledAtMainEnd, exitCodesStream, orphansStream, terminateStream, zombieStream } from './streams.js';

const all = [...daemonKilledAtMainEnd, ...terminateStream, ...orphansStream, ...zombieStream, ...exitCodesStream];

describe('validateEvent', () => {
  test('accepts every event of the realistic streams, returning it', () => {
    for (const e of all) {
      const result = validateEvent(JSON.parse(JSON.stringify(e)));
      expect(result, JSON.stringify(e)).toEqual({ ok: true, event: e });
    }
  });

  test('accepts every type with its optional fields, and unknown extra fields', () => {
    const extra = [
      { seq: 0, t: 0, pid: 1, type: 'process.spawned', ppid: 0, name: 'x', daemon: false, target: null, discovered: true, command: 'sleep 1', future: 1 },
      { seq: 0, t: 0, pid: 1, type: 'process.output', stream: 'stderr', text: '', untraced: true, coalesced: false },
      { seq: 0, t: 0, pid: 1, type: 'process.error', errorType: 'E', message: 'm', stack: 's', code: 'ERR_X' },
      { seq: 0, t: 0, pid: 1, type: 'process.var', name: 'n', value: null },
      { seq: 0, t: 0, pid: 1, type: 'process.input', text: 'hi' },
      { seq: 0, t: 0, pid: 1, type: 'net.listening', port: 8080 },
      { seq: 0, t: 0, pid: 1, type: 'net.accepted', port: 8080, peer: '127.0.0.1:5000' },
      { seq: 0, t: 0, pid: 1, type: 'net.connected', port: 8080, peer: '127.0.0.1:8080' },
      { seq: 0, t: 0, pid: 1, type: 'net.closed', port: 8080, peer: '127.0.0.1:5000' },
      { seq: 0, t: 0, pid: 1, type: 'output.truncated', droppedBytes: 10 },
      { seq: 0, t: 0, pid: 1, type: 'process.state', state: 'Z', ppid: 1 },
      { seq: 0, t: 0, pid: 1, type: 'process.reparented', from: 2, to: 1 },
      { seq: 0, t: 0, pid: 1, type: 'process.joining', target: 2, timeoutMs: 200 },
      { seq: 0, t: 0, pid: 1, type: 'process.joined', target: 2, timedOut: true },
      { seq: 0, t: 0, pid: 1, type: 'process.alive-checked', target: 2, alive: false },
      { seq: 0, t: -3, pid: 1, type: 'process.main-ended' },
    ];
    for (const e of extra) expect(validateEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
  });

  test.each([
    { input: null, field: undefined, message: 'Expected an event object, got null (null)' },
    { input: [], field: undefined, message: 'Expected an event object, got [] (array)' },
    { input: { seq: 0, t: 0, pid: 1 }, field: 'type', message: 'Expected `type` of an event to be a string, got nothing' },
    { input: { type: 'process.main-ended', t: 0, pid: 1 }, field: 'seq', message: 'Expected `seq` of a process.main-ended event to be a non-negative integer, got nothing' },
    { input: { type: 'process.main-ended', seq: -1, t: 0, pid: 1 }, field: 'seq', message: 'Expected `seq` of a process.main-ended event to be a non-negative integer, got -1 (number)' },
    { input: { type: 'process.main-ended', seq: 1, t: 'soon', pid: 1 }, field: 't', message: 'Expected `t` of a process.main-ended event to be a finite number, got "soon" (string)' },
    { input: { type: 'process.main-ended', seq: 1, t: 0, pid: 1.5 }, field: 'pid', message: 'Expected `pid` of a process.main-ended event to be a pid (a non-negative integer), got 1.5 (number)' },
    {
      input: { type: 'process.exited', seq: 1, t: 0, pid: 2, exitCode: '3', signal: null, reapedBy: 1 },
      field: 'exitCode',
      message: 'Expected `exitCode` of a process.exited event to be an integer or null, got "3" (string)',
    },
    {
      input: { type: 'process.exited', seq: 1, t: 0, pid: 2, exitCode: -15, signal: 'TERM', reapedBy: 1 },
      field: 'signal',
      message: 'Expected `signal` of a process.exited event to be a signal name such as "SIGTERM" or null, got "TERM" (string)',
    },
    {
      input: { type: 'process.output', seq: 1, t: 0, pid: 2, stream: 'stdin', text: 'x' },
      field: 'stream',
      message: 'Expected `stream` of a process.output event to be one of "stdout", "stderr", got "stdin" (string)',
    },
    {
      input: { type: 'process.spawned', seq: 1, t: 0, pid: 2, ppid: 1, name: 'p', daemon: 'yes', target: null },
      field: 'daemon',
      message: 'Expected `daemon` of a process.spawned event to be a boolean, got "yes" (string)',
    },
    {
      input: { type: 'process.spawned', seq: 1, t: 0, pid: 2, ppid: 1, name: 'p', daemon: false, target: null, discovered: 1 },
      field: 'discovered',
      message: 'Expected `discovered` of a process.spawned event to be a boolean, got 1 (number)',
    },
    { input: { type: 'process.var', seq: 1, t: 0, pid: 2, name: 'n' }, field: 'value', message: 'Expected `value` of a process.var event to be present, got nothing' },
    {
      input: { type: 'run.started', seq: 0, t: 0, pid: 0, runId: 'r', scenario: null, params: {}, driver: 'ruby', containment: 'cgroup', limits: {}, warnings: [] },
      field: 'driver',
      message: 'Expected `driver` of a run.started event to be one of "node", "python", got "ruby" (string)',
    },
  ])('rejects: $message', ({ input, field, message }) => {
    const result = validateEvent(input);
    expect(result).toEqual(field === undefined ? { ok: false, code: 'ERR_BAD_EVENT', message } : { ok: false, code: 'ERR_BAD_EVENT', message, field });
  });

  test('an unknown type is its own code, so readers can skip it', () => {
    expect(validateEvent({ type: 'process.teleported', seq: 1, t: 0, pid: 1 })).toEqual({
      ok: false,
      code: 'ERR_UNKNOWN_EVENT_TYPE',
      field: 'type',
      message: 'Unknown event type `process.teleported`',
    });
    // …but only once the common fields are right.
    expect(validateEvent({ type: 'process.teleported', t: 0, pid: 1 })).toMatchObject({ code: 'ERR_BAD_EVENT', field: 'seq' });
  });
});

describe('validateTraceRecord', () => {
  test('accepts what a process writes: no seq or t, tm instead', () => {
    const record = { tm: 123_456_789, type: 'process.output', pid: 4101, stream: 'stdout', text: '123\n' };
    expect(validateTraceRecord(record)).toEqual({ ok: true, record });
  });

  test.each([
    { input: { type: 'process.output', pid: 1, stream: 'stdout', text: '' }, field: 'tm', message: 'Expected `tm` of a process.output trace record to be a non-negative number of microseconds, got nothing' },
    { input: { tm: 1, type: 'process.output', pid: 1, stream: 'stdout' }, field: 'text', message: 'Expected `text` of a process.output trace record to be a string, got nothing' },
    { input: { tm: 1, type: 'run.ended', pid: 1, status: 'completed', reason: null, exitCode: 0, leftovers: 0 }, field: 'type', message: 'A process may not write a `run.ended` record: only the supervisor writes it' },
  ])('rejects: $message', ({ input, field, message }) => {
    expect(validateTraceRecord(input)).toEqual({ ok: false, code: 'ERR_BAD_EVENT', field, message });
  });

  test('traceRecordToEvent: an output record becomes its event with seq, t, type, pid first, extra fields kept', () => {
    const plain = traceRecordToEvent({ tm: 5_000_300, type: 'process.output', pid: 7, stream: 'stdout', text: 'hi\n' }, 3, 5_000_000);
    expect(Object.entries(plain)).toEqual([['seq', 3], ['t', 300], ['type', 'process.output'], ['pid', 7], ['stream', 'stdout'], ['text', 'hi\n']]);
    const extra = traceRecordToEvent({ stream: 'stderr', text: 'x', untraced: true, tm: 5_000_001, type: 'process.output', pid: 7 }, 4, 5_000_000);
    expect(Object.entries(extra)).toEqual([['seq', 4], ['t', 1], ['type', 'process.output'], ['pid', 7], ['stream', 'stderr'], ['text', 'x'], ['untraced', true]]);
  });

  test('traceRecordToEvent: t relative to the run start, seq from the collector, any written seq/t dropped', () => {
    const record = { tm: 5_000_300, type: 'process.main-ended', pid: 7, seq: 99, t: 1 } as unknown;
    const checked = validateTraceRecord(record);
    if (!checked.ok) throw new Error(checked.message);
    const event = traceRecordToEvent(checked.record, 12, 5_000_000);
    expect(event).toEqual({ type: 'process.main-ended', pid: 7, seq: 12, t: 300 });
    expect(validateEvent(event)).toMatchObject({ ok: true });
  });
});
