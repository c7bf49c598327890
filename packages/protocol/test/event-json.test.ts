import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { eventJson, sequenceEvent, type ForkscopeEvent, type UnsequencedEvent } from '../src/index.js';

const output = (fields: Record<string, unknown>): ForkscopeEvent => sequenceEvent({ type: 'process.output', t: 5, pid: 7, stream: 'stdout', text: 'hi\n', ...fields } as UnsequencedEvent, 3);

describe('eventJson', () => {
  test('is JSON.stringify for output events with any text and numbers (1000 cases)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', '"', '\\', '\u2028', '\ud800', '</script>'));
    const number = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(-0, 1e21, 2 ** 53));
    fc.assert(
      fc.property(text, number, number, fc.constantFrom('stdout', 'stderr'), (text, seq, t, stream) => {
        const event = sequenceEvent({ type: 'process.output', t, pid: 4101, stream, text } as UnsequencedEvent, seq);
        expect(eventJson(event)).toBe(JSON.stringify(event));
      }),
      { numRuns: 1000 },
    );
  });

  test('is JSON.stringify for every other shape: extra fields, another order, other types', () => {
    const others: ForkscopeEvent[] = [
      output({ untraced: true }),
      output({ coalesced: true }),
      output({ extra: { nested: [1] } }),
      { type: 'process.output', seq: 1, t: 2, pid: 3, stream: 'stdout', text: 'x' },
      { seq: Number.NaN, t: 2, type: 'process.output', pid: 3, stream: 'stdout', text: 'x' },
      { seq: 1, t: 2, type: 'process.output', pid: 3, stream: 'stdin' as 'stdout', text: 'x' },
      { seq: 1, t: 2, type: 'process.main-ended', pid: 3 },
      { seq: 1, t: 2, type: 'process.var', pid: 3, name: 'n', value: { a: [1, '2'] } },
    ];
    for (const event of others) expect(eventJson(event)).toBe(JSON.stringify(event));
  });
});
