import { describe, expect, test } from 'vitest';
import { formatEventLine, formatHeaderLine, parseRecording, serializeRecording } from '../src/index.js';
import { daemonKilledAtMainEnd, header } from './streams.js';


const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');
const ev = (i: number): string => JSON.stringify(daemonKilledAtMainEnd[i]);

describe('serializeRecording / parseRecording', () => {
  test('round-trips a run: header line, one event per line', () => {
    const text = serializeRecording(header, daemonKilledAtMainEnd);
    expect(text.split('\n')).toHaveLength(daemonKilledAtMainEnd.length + 2);
    expect(text.startsWith(formatHeaderLine(header))).toBe(true);
    expect(text.endsWith(formatEventLine(daemonKilledAtMainEnd.at(-1)!))).toBe(true);
    expect(parseRecording(text)).toEqual({ ok: true, header, events: daemonKilledAtMainEnd, skipped: 0, truncated: false });
  });

  test('a last line cut off mid-write (interrupted run) is left out', () => {
    const full = serializeRecording(header, daemonKilledAtMainEnd.slice(0, 5));
    const cut = full + ev(5).slice(0, 20);
    expect(parseRecording(cut)).toEqual({ ok: true, header, events: daemonKilledAtMainEnd.slice(0, 5), skipped: 0, truncated: true });
  });

  test('unknown event types are skipped; CRLF, a BOM and blank lines are fine', () => {
    const text = `\ufeff${JSON.stringify(header)}\r\n${ev(0)}\r\n\r\n{"seq":1,"t":5,"pid":0,"type":"run.paused"}\r\n${ev(2)}\r\n`;
    expect(parseRecording(text)).toEqual({ ok: true, header, events: [daemonKilledAtMainEnd[0], daemonKilledAtMainEnd[2]], skipped: 1, truncated: false });
  });

  test.each([
    { name: 'empty', text: '', line: 1, message: 'Line 1: the recording is empty: expected a header line' },
    { name: 'not JSON', text: lines('hello'), line: 1, message: 'Line 1: not valid JSON' },
    { name: 'header only cut off', text: '{"format":"forkscope-rec', line: 1, message: 'Line 1: not valid JSON' },
    { name: 'not a recording', text: lines('{"format":"har"}'), line: 1, message: 'Line 1: not a forkscope recording: expected `format` to be "forkscope-recording", got "har"' },
    {
      name: 'newer version',
      text: lines(JSON.stringify({ ...header, version: 2 })),
      line: 1,
      message: 'Line 1: recording version 2 is newer than this reader (version 1); update forkscope to read it',
    },
    { name: 'header without runId', text: lines(JSON.stringify({ ...header, runId: 7 })), line: 1, message: 'Line 1: expected `runId` to be a string, got number' },
    { name: 'bad JSON in the middle', text: lines(JSON.stringify(header), ev(0), '{"seq":1,', ev(2)), line: 3, message: 'Line 3: not valid JSON' },
    {
      name: 'bad JSON on a last line that has its newline',
      text: lines(JSON.stringify(header), ev(0), '{"seq":1,'),
      line: 3,
      message: 'Line 3: not valid JSON',
    },
    {
      name: 'an invalid event',
      text: lines(JSON.stringify(header), ev(0), '{"seq":1,"t":0,"pid":4100,"type":"process.exited","exitCode":"0","signal":null,"reapedBy":0}'),
      line: 3,
      message: 'Line 3: Expected `exitCode` of a process.exited event to be an integer or null, got "0" (string)',
    },
    {
      name: 'seq going backwards',
      text: lines(JSON.stringify(header), ev(0), ev(2), ev(1)),
      line: 4,
      message: 'Line 4: seq 1 is not greater than seq 2 on line 3: events must be in increasing seq order',
    },
    { name: 'seq repeated', text: lines(JSON.stringify(header), ev(0), ev(0)), line: 3, message: 'Line 3: seq 0 is not greater than seq 0 on line 2' },
  ])('names the wrong line: $name', ({ text, line, message }) => {
    const result = parseRecording(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('ERR_BAD_RECORDING');
    expect(result.line).toBe(line);
    expect(result.message.startsWith(message)).toBe(true);
  });
});
