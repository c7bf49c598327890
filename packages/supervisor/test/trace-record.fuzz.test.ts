// Fuzzing the trace-record parser (what every traced process writes on its channel): generated JSON and
// mutations of real records. Properties: it never throws; it returns null or a record the protocol allows
// a process to send (never run.* or output.truncated, never seq or t).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTraceRecord } from '@forkscope/protocol';
import { parseTraceLine } from '../src/trace-record.js';

const REAL = [
  { type: 'process.spawned', pid: 4101, ppid: 4100, name: 'Process-1', daemon: true, target: 'f', tm: 123456789 },
  { type: 'process.running', pid: 4101, ppid: 4100, name: 'Process-1', tm: 123456800 },
  { type: 'process.output', pid: 4101, stream: 'stdout', text: 'end123\n', tm: 123456900 },
  { type: 'process.var', pid: 4101, name: 'n', value: { list: [1, 2, 3] }, tm: 123457000 },
  { type: 'process.exited', pid: 4101, exitCode: -15, signal: 'SIGTERM', reapedBy: 4100, tm: 123458000 },
  { type: 'net.accepted', pid: 4100, port: 9000, peer: '127.0.0.1:51234', tm: 123459000 },
];

function check(line: string): void {
  const record = parseTraceLine(line);
  if (record === null) return;
  expect(validateTraceRecord(record).ok).toBe(true);
  expect(['run.started', 'run.ended', 'output.truncated']).not.toContain(record.type);
  expect(record).not.toHaveProperty('seq');
  expect(record).not.toHaveProperty('t');
}

const PLACEHOLDER = '\u0000value\u0000';
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.nat(2000).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.string({ unit: 'binary', maxLength: 60 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('"run.started"', '"run.ended"', '"output.truncated"', '"process.output"', '-1', '1e309', '0'),
);

const changedField = fc
  .tuple(fc.constantFrom(...REAL), fc.constantFrom('type', 'pid', 'tm', 'seq', 't', 'text', 'stream', 'value', 'exitCode', 'signal', 'port', 'name', 'extra'), jsonText)
  .map(([record, key, raw]) => JSON.stringify({ ...record, [key]: PLACEHOLDER }).replace(JSON.stringify(PLACEHOLDER), raw));

const editedBytes = fc
  .tuple(fc.constantFrom(...REAL.map((r) => JSON.stringify(r))), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, [at, cut, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice((at % (t.length + 1)) + cut), text));

describe('parseTraceLine under fuzzing', () => {
  it('takes every real record and drops what a process may not claim', () => {
    for (const record of REAL) expect(parseTraceLine(JSON.stringify(record))).toMatchObject({ type: record.type });
    expect(parseTraceLine(JSON.stringify({ ...REAL[0], seq: 7, t: 9 }))).not.toHaveProperty('seq');
    expect(parseTraceLine(JSON.stringify({ type: 'run.ended', pid: 1, status: 'completed', reason: null, exitCode: 0, leftovers: 0, tm: 1 }))).toBeNull();
  });

  it('generated JSON lines (700 cases)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => check(JSON.stringify(v) ?? 'null')), { numRuns: 700 });
  });

  it('real records with a field changed (700 cases)', () => {
    fc.assert(fc.property(changedField, check), { numRuns: 700 });
  });

  it('real records with bytes edited (600 cases)', () => {
    fc.assert(fc.property(editedBytes, check), { numRuns: 600 });
  });
});
