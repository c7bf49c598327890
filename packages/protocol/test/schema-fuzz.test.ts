import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  EVENT_FIELDS,
  inputLineProblem,
  MAX_INPUT_BYTES,
  parseRecording,
  serializeRecording,
  utf8ByteLength,
  validateEvent,
  validateRecordingHeader,
  validateTraceRecord,
  type ForkscopeEvent,
} from '../src/index.js';
import { daemonKilledAtMainEnd, exitCodesStream, header, orphansStream, terminateStream, zombieStream } from './streams.js';

const real = [...daemonKilledAtMainEnd, ...terminateStream, ...orphansStream, ...zombieStream, ...exitCodesStream];
const anyEvent = fc.constantFrom(...real);
const withoutType = (e: object): string[] => Object.keys(e).filter((k) => k !== 'type');
// The one message the validators give when the compiled check and the field walk disagree.
const DISAGREE = /to match its schema/;

describe('validateEvent and validateTraceRecord on anything', () => {
  test('any JSON value is answered, never thrown on, and a refusal says why', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        for (const result of [validateEvent(x), validateTraceRecord(x)]) {
          if (!result.ok) expect(result.message).not.toMatch(DISAGREE);
        }
      }),
    );
  });

  test('a real event with one field replaced is refused exactly when that field is wrong, naming it', () => {
    const mutation = anyEvent.chain((e) => fc.tuple(fc.constant(e), fc.constantFrom(...withoutType(e)), fc.jsonValue()));
    fc.assert(
      fc.property(mutation, ([event, field, value]) => {
        const result = validateEvent({ ...event, [field]: value });
        if (!result.ok) {
          expect(result).toMatchObject({ code: 'ERR_BAD_EVENT', field });
          expect(result.message).not.toMatch(DISAGREE);
        }
      }),
    );
  });

  test('a real event missing a required field is refused naming it', () => {
    const removal = anyEvent.chain((e) => fc.tuple(fc.constant(e), fc.constantFrom(...withoutType(e))));
    fc.assert(
      fc.property(removal, ([event, field]) => {
        const copy: Record<string, unknown> = { ...event };
        delete copy[field];
        const optional = ['discovered', 'command', 'untraced', 'coalesced', 'code'].includes(field);
        expect(validateEvent(copy)).toMatchObject(optional ? { ok: true } : { ok: false, field });
      }),
    );
  });

  test('every real event, as a trace record, is accepted unless it is the supervisor’s own', () => {
    for (const e of real) {
      const { seq: _seq, t, ...rest } = e;
      const result = validateTraceRecord({ ...rest, tm: 1_000_000 + t });
      expect(result.ok, e.type).toBe(e.type !== 'run.started' && e.type !== 'run.ended');
    }
  });

  test('the schema table and the validator know the same types', () => {
    for (const type of Object.keys(EVENT_FIELDS)) {
      expect(validateEvent({ seq: 0, t: 0, pid: 1, type })).not.toMatchObject({ code: 'ERR_UNKNOWN_EVENT_TYPE' });
    }
  });
});

describe('recordings on anything', () => {
  test('parseRecording answers any text with ok or a numbered line', () => {
    const lines = fc.array(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), fc.string(), anyEvent.map((e) => JSON.stringify(e))), { maxLength: 8 });
    fc.assert(
      fc.property(lines, fc.boolean(), (body, withHeader) => {
        const text = [...(withHeader ? [JSON.stringify(header)] : []), ...body].join('\n');
        const result = parseRecording(text);
        if (!result.ok) expect(result.line).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  test('a header with one field replaced is refused exactly when the field is wrong', () => {
    const mutation = fc.tuple(fc.constantFrom(...Object.keys(header)), fc.jsonValue());
    fc.assert(
      fc.property(mutation, ([field, value]) => {
        const result = validateRecordingHeader({ ...header, [field]: value });
        if (!result.ok) expect(result.message).toMatch(new RegExp(`\`${field}\`|recording version|forkscope recording`));
      }),
    );
  });

  test('round-trips any sequence of the real events', () => {
    fc.assert(
      fc.property(fc.subarray(daemonKilledAtMainEnd as ForkscopeEvent[]), (events) => {
        expect(parseRecording(serializeRecording(header, events))).toEqual({ ok: true, header, events, skipped: 0, truncated: false });
      }),
      { numRuns: 50 },
    );
  });
});

describe('inputLineProblem', () => {
  const encoder = new (globalThis as unknown as { TextEncoder: new () => { encode(text: string): Uint8Array } }).TextEncoder();

  test('utf8ByteLength counts what TextEncoder writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
    );
  });

  test('a line passes exactly when it has no \\r or \\n and at most MAX_INPUT_BYTES bytes', () => {
    const lengths = fc.oneof(fc.constant(MAX_INPUT_BYTES / 4), fc.constant(MAX_INPUT_BYTES / 2), fc.constant(MAX_INPUT_BYTES));
    const line = lengths.chain((maxLength) => fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', '\r', '\n'), maxLength }));
    fc.assert(
      fc.property(line, (text) => {
        const fits = !/[\r\n]/.test(text) && encoder.encode(text).length <= MAX_INPUT_BYTES;
        expect(inputLineProblem(text) === null).toBe(fits);
      }),
    );
  });

  test('a 2 000-character Chinese line is 6 000 bytes: too long, said in bytes', () => {
    expect(inputLineProblem('中'.repeat(2000))).toBe(`a line of at most ${MAX_INPUT_BYTES} bytes (UTF-8)`);
    expect(inputLineProblem('中'.repeat(1333))).toBeNull();
    expect(inputLineProblem('a\rb')).toBe('one line (no line breaks)');
  });
});
