import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../src/ws/validate-client-message.js';

describe('parseClientMessage', () => {
  it.each([
    ['{"type":"run","scenario":"hello"}'],
    ['{"type":"run","scenario":"hello","params":{"n":2},"driver":"python","ref":"r1"}'],
    ['{"type":"cancel","runId":"abc-123"}'],
    ['{"type":"watch","runId":"abc","fromSeq":17}'],
    ['{"type":"unwatch","runId":"abc"}'],
    ['{"type":"input","runId":"abc","pid":42,"text":"hi bob"}'],
  ])('accepts %s', (text) => {
    expect(parseClientMessage(text)).toEqual({ ok: true, message: JSON.parse(text) });
  });

  it.each([
    ['{"type":', 'ERR_BAD_JSON', '(message)'],
    ['[1,2]', 'ERR_BAD_MESSAGE', '(message)'],
    ['"run"', 'ERR_BAD_MESSAGE', '(message)'],
    ['null', 'ERR_BAD_MESSAGE', '(message)'],
    ['{"scenario":"x"}', 'ERR_BAD_MESSAGE', 'type'],
    ['{"type":"explode"}', 'ERR_UNKNOWN_TYPE', 'type'],
    ['{"type":"__proto__"}', 'ERR_UNKNOWN_TYPE', 'type'],
    ['{"type":"run"}', 'ERR_BAD_MESSAGE', 'scenario'],
    ['{"type":"run","scenario":7}', 'ERR_BAD_MESSAGE', 'scenario'],
    ['{"type":"run","scenario":"x","params":[1]}', 'ERR_BAD_MESSAGE', 'params'],
    ['{"type":"run","scenario":"x","driver":"ruby"}', 'ERR_BAD_MESSAGE', 'driver'],
    ['{"type":"run","scenario":"x","extra":1}', 'ERR_BAD_MESSAGE', 'extra'],
    ['{"type":"cancel","runId":"../../etc"}', 'ERR_BAD_MESSAGE', 'runId'],
    ['{"type":"watch","runId":"a","fromSeq":-1}', 'ERR_BAD_MESSAGE', 'fromSeq'],
    ['{"type":"watch","runId":"a","fromSeq":1.5}', 'ERR_BAD_MESSAGE', 'fromSeq'],
    ['{"type":"input","runId":"a","pid":"1","text":"x"}', 'ERR_BAD_MESSAGE', 'pid'],
    ['{"type":"input","runId":"a","pid":1,"text":"two\\nlines"}', 'ERR_BAD_MESSAGE', 'text'],
    ['{"type":"cancel","runId":"a","ref":5}', 'ERR_BAD_MESSAGE', 'ref'],
  ])('refuses %s with %s naming %s', (text, code, field) => {
    expect(parseClientMessage(text)).toMatchObject({ ok: false, code, field });
  });

  it('quotes the bad value and echoes a valid ref', () => {
    expect(parseClientMessage('{"type":"watch","runId":"a","fromSeq":"x","ref":"q"}')).toEqual({
      ok: false,
      code: 'ERR_BAD_MESSAGE',
      field: 'fromSeq',
      ref: 'q',
      message: 'Expected `fromSeq` to be a non-negative integer, got `"x"` (string)',
    });
  });
});

describe('parseClientMessage: run.edited', () => {
  const edited = (program: string, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'run.edited', scenario: 'hello', driver: 'python', program, ...extra });

  it('takes a program longer than any other string may be (64 KiB of UTF-8), and only there', () => {
    const program = 'print("x")\n'.repeat(5000);
    expect(parseClientMessage(edited(program, { ref: 'e' }))).toMatchObject({ ok: true, message: { type: 'run.edited', program } });
    expect(parseClientMessage(edited('x', { ref: 'r'.repeat(9000) }))).toMatchObject({ ok: false, code: 'ERR_BAD_MESSAGE', field: '(message)' });
    expect(parseClientMessage(JSON.stringify({ type: 'run', scenario: 'hello', params: { n: 'y'.repeat(9000) } }))).toMatchObject({ ok: false, code: 'ERR_BAD_MESSAGE' });
  });

  it('answers a program too large or not text with its own code, naming `program`', () => {
    expect(parseClientMessage(edited('#'.repeat(70_000), { ref: 'big' }))).toMatchObject({ ok: false, code: 'ERR_PROGRAM_TOO_LARGE', field: 'program', ref: 'big' });
    expect(parseClientMessage(edited('a\u0007b'))).toMatchObject({ ok: false, code: 'ERR_BAD_PROGRAM', field: 'program' });
  });

  it('requires the driver (the program’s language) and refuses unknown fields', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'run.edited', scenario: 'hello', program: 'x' }))).toMatchObject({ ok: false, code: 'ERR_BAD_MESSAGE', field: 'driver' });
    expect(parseClientMessage(edited('x', { file: '/etc/shadow' }))).toMatchObject({ ok: false, code: 'ERR_BAD_MESSAGE', field: 'file' });
  });
});
