import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES } from '../../src/trace/trace-channel.js';
import { splitForJson } from '../../src/trace/output-records.js';

const recordBytes = (text: string): number =>
  Buffer.byteLength(`{"type":"process.output","pid":4194304,"stream":"stderr","text":${JSON.stringify(text)},"tm":99999999999999}\n`);

describe('splitForJson', () => {
  it('keeps short text whole', () => {
    expect(splitForJson('hello\n')).toEqual(['hello\n']);
  });

  it.each([
    ['ascii', 'a'.repeat(20_000)],
    ['multi-byte', 'é€🎉'.repeat(5_000)],
    ['escapes', '"\\\n\u0001'.repeat(5_000)],
    ['lone surrogates', '\ud800x'.repeat(5_000)],
  ])('splits %s text into pieces whose records fit a trace line, losing nothing', (_, text) => {
    const pieces = splitForJson(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(recordBytes(piece)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
      // never a split surrogate pair
      expect(/[\ud800-\udbff]$/.test(piece) && text.includes(`${piece.slice(-1)}\udc00`)).toBe(false);
    }
  });

  it('does not split a surrogate pair', () => {
    const text = `${'a'.repeat(3879)}🎉`;
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const piece of splitForJson(text.repeat(3))) expect(loneSurrogate.test(piece)).toBe(false);
  });
});
