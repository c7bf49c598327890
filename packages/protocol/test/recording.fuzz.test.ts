// Fuzzing the recording parser with mutations of a real run's recording: lines replaced by generated JSON,
// nested far deeper than any stack, cut, dropped, repeated or swapped, fields changed, bytes edited.
// Properties: it never throws; it answers a recording or ERR_BAD_RECORDING naming a line; what it accepts
// is a valid header and valid events in increasing seq order, which the reducer then applies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents, createTimelineModel, parseRecording, RECORDING_FORMAT, serializeRecording, validateEvent } from '../src/index.js';
import { daemonKilledAtMainEnd, header } from './streams.js';

const base = serializeRecording(header, daemonKilledAtMainEnd).split('\n');

function check(text: string): void {
  const result = parseRecording(text);
  if (!result.ok) {
    expect(result.code).toBe('ERR_BAD_RECORDING');
    expect(result.line).toBeGreaterThanOrEqual(1);
    expect(result.message.startsWith(`Line ${result.line}: `)).toBe(true);
    return;
  }
  expect(result.header.format).toBe(RECORDING_FORMAT);
  let last = -1;
  for (const event of result.events) {
    expect(validateEvent(event).ok).toBe(true);
    expect(event.seq).toBeGreaterThan(last);
    last = event.seq;
  }
  applyEvents(createTimelineModel(), result.events);
}

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.nat(200_000).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.nat(20_000).map((depth) => '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth)),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

const lineEdit = fc.oneof(
  fc.tuple(fc.constant('replace' as const), fc.nat(), jsonText),
  fc.tuple(fc.constant('cut' as const), fc.nat(), fc.nat(400)),
  fc.tuple(fc.constant('drop' as const), fc.nat(), fc.constant('')),
  fc.tuple(fc.constant('repeat' as const), fc.nat(), fc.constant('')),
  fc.tuple(fc.constant('swap' as const), fc.nat(), fc.nat()),
);

const editedLines = fc.array(lineEdit, { minLength: 1, maxLength: 4 }).map((edits) => {
  const lines = [...base];
  for (const [kind, at, arg] of edits) {
    const i = at % lines.length;
    if (kind === 'replace') lines[i] = arg as string;
    else if (kind === 'cut') lines[i] = lines[i]!.slice(0, arg as number);
    else if (kind === 'drop') lines.splice(i, 1);
    else if (kind === 'repeat') lines.splice(i, 0, lines[i]!);
    else {
      const j = (arg as number) % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
  }
  return lines.join('\n');
});

const PLACEHOLDER = '\u0000value\u0000';
const changedField = fc
  .tuple(fc.nat(), fc.constantFrom('seq', 't', 'type', 'pid', 'ppid', 'name', 'text', 'exitCode', 'signal', 'value', 'status', 'format', 'params', 'limits'), jsonText)
  .map(([at, key, raw]) => {
    const lines = [...base];
    const i = at % (lines.length - 1);
    const object = JSON.parse(lines[i]!) as Record<string, unknown>;
    object[key] = PLACEHOLDER;
    lines[i] = JSON.stringify(object).replace(JSON.stringify(PLACEHOLDER), raw);
    return lines.join('\n');
  });

const editedBytes = fc
  .array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 6 })
  .map((edits) => edits.reduce((t, [at, cut, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice((at % (t.length + 1)) + cut), base.join('\n')));

describe('parseRecording under fuzzing', () => {
  it('accepts the real recording as it is', () => {
    expect(parseRecording(base.join('\n'))).toMatchObject({ ok: true, skipped: 0, truncated: false });
  });

  it('lines replaced, cut, dropped, repeated or swapped (700 cases)', () => {
    fc.assert(fc.property(editedLines, check), { numRuns: 700 });
  });

  it('one field of a line changed to generated or deeply nested JSON (700 cases)', () => {
    fc.assert(fc.property(changedField, check), { numRuns: 700 });
  });

  it('bytes edited anywhere (600 cases)', () => {
    fc.assert(fc.property(editedBytes, check), { numRuns: 600 });
  });
});
