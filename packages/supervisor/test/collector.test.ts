import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '@forkscope/protocol';
import { Collector } from '../src/collector.js';

function collect() {
  const records: TraceRecord[] = [];
  const raw: string[] = [];
  const collector = new Collector({ record: (r) => records.push(r), untraced: (_s, text) => raw.push(text) });
  return { collector, records, raw };
}

const line = (record: object) => `${JSON.stringify(record)}\n`;

describe('Collector', () => {
  it('splits lines across chunks and keeps valid records only', async () => {
    const { collector, records } = collect();
    const trace = new PassThrough();
    collector.readTrace(trace);
    const a = line({ type: 'process.main-ended', pid: 7, tm: 100 });
    trace.write(a.slice(0, 10));
    trace.write(a.slice(10) + 'not json\n');
    trace.write(line({ type: 'run.ended', pid: 7, tm: 1, status: 'completed', reason: null, exitCode: 0, leftovers: 0 }));
    trace.write(line({ type: 'output.truncated', pid: 7, tm: 1, droppedBytes: 1 }));
    trace.end(line({ type: 'process.var', pid: 7, tm: 200, name: 'x', value: 1, seq: 99, t: 5 }));
    await new Promise((resolve) => trace.on('close', resolve));
    expect(records).toEqual([
      { type: 'process.main-ended', pid: 7, tm: 100 },
      { type: 'process.var', pid: 7, tm: 200, name: 'x', value: 1 },
    ]);
    expect(collector.invalidLines).toBe(3);
    expect(collector.drained).toBe(true);
  });

  it('skips an oversized line without losing the next one', async () => {
    const { collector, records } = collect();
    const trace = new PassThrough();
    collector.readTrace(trace);
    trace.write('x'.repeat(70 * 1024));
    trace.write('y\n');
    trace.end(line({ type: 'process.main-ended', pid: 1, tm: 1 }));
    await new Promise((resolve) => trace.on('close', resolve));
    expect(records).toHaveLength(1);
  });

  it('decodes raw output without splitting a UTF-8 character across chunks', async () => {
    const { collector, raw } = collect();
    const out = new PassThrough();
    collector.readRaw(out, 'stdout');
    const bytes = Buffer.from('añb');
    out.write(bytes.subarray(0, 2));
    out.end(bytes.subarray(2));
    await new Promise((resolve) => out.on('close', resolve));
    expect(raw.join('')).toBe('añb');
    expect(raw.every((t) => !t.includes('\ufffd'))).toBe(true);
  });
});
