import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputLineProblem, MAX_INPUT_BYTES } from '@forkscope/protocol';
import { parseClientMessage, validateClientMessage } from '../../src/ws/validate-client-message.js';

const valid = [
  { type: 'run', scenario: 'hello', params: { n: 2 }, driver: 'python', ref: 'r1' },
  { type: 'cancel', runId: 'abc-123' },
  { type: 'watch', runId: 'abc', fromSeq: 17 },
  { type: 'unwatch', runId: 'abc' },
  { type: 'input', runId: 'abc', pid: 42, text: 'hi bob' },
];

describe('client messages on anything', () => {
  it('answers any text frame, never throws, and a refusal names a field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v) ?? '')), (text) => {
        const result = parseClientMessage(text);
        if (!result.ok) expect(result.field).not.toBe('');
        else if (result.message.type === 'input') expect(inputLineProblem(result.message.text)).toBeNull();
      }),
    );
  });

  it('a valid message with one field replaced is refused exactly when that field is wrong, naming it', () => {
    const mutation = fc.constantFrom(...valid).chain((m) => fc.tuple(fc.constant(m), fc.constantFrom(...Object.keys(m).filter((k) => k !== 'type')), fc.jsonValue()));
    fc.assert(
      fc.property(mutation, ([message, field, value]) => {
        const result = validateClientMessage({ ...message, [field]: value });
        if (!result.ok) expect(result).toMatchObject({ code: 'ERR_BAD_MESSAGE', field });
        if (!result.ok) expect(result.message).not.toMatch(/match its schema/);
      }),
    );
  });

  it('input: the line rule is the supervisor’s — UTF-8 bytes, and neither \\r nor \\n', () => {
    const input = (text: string) => validateClientMessage({ type: 'input', runId: 'a', pid: 1, text });
    // 2 000 Chinese characters are 6 000 bytes: within 4 000 characters, over 4 000 bytes.
    expect(input('中'.repeat(2000))).toEqual({
      ok: false,
      code: 'ERR_BAD_MESSAGE',
      field: 'text',
      message: `Expected \`text\` to be a line of at most ${MAX_INPUT_BYTES} bytes (UTF-8), got \`"${'中'.repeat(39)}…\` (string)`,
    });
    expect(input('中'.repeat(1333))).toMatchObject({ ok: true });
    expect(input('a\rb')).toMatchObject({ ok: false, field: 'text', message: 'Expected `text` to be one line (no line breaks), got `"a\\rb"` (string)' });
  });
});
