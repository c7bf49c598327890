// Fuzzing the class messages through the client-message validator: real messages of the classroom with a
// field replaced, removed or added, or their text edited. Properties: it never throws; it answers a coded
// error naming a field, or a message the classroom protocol allows (restated here independently); keys are
// never echoed in an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../src/ws/validate-client-message.js';

const KEY = 'k'.repeat(32);
const REAL = [
  { type: 'class.create', ref: 'c' },
  { type: 'class.teach', code: 'AB2C3D', teacherKey: KEY, ref: 't' },
  { type: 'class.join', code: 'AB2C3D', studentKey: KEY, name: 'Ana 李', runId: 'mfq2x9-0a1b2c3d4e', fromSeq: 12 },
  { type: 'class.leave' },
  { type: 'class.view', view: { scenario: 'join', runId: 'mfq2x9-0a1b2c3d4e', playhead: 4, clock: 1200, playing: false, speed: 1, window: { from: 0, to: 5000 }, selectedSeq: 3 } },
  { type: 'class.question', action: 'open', scenario: 'join', questionId: 'parent-or-child' },
  { type: 'class.answer', questionId: 'end123', choice: 'no', ref: 'a' },
  { type: 'class.remove', studentId: 'abcd2345' },
  { type: 'class.end' },
];

const FIELDS: Record<string, string[]> = {
  'class.create': ['ref'],
  'class.teach': ['code', 'teacherKey', 'ref'],
  'class.join': ['code', 'studentKey', 'name', 'runId', 'fromSeq', 'ref'],
  'class.leave': ['ref'],
  'class.view': ['view', 'ref'],
  'class.question': ['action', 'scenario', 'questionId', 'ref'],
  'class.answer': ['questionId', 'choice', 'ref'],
  'class.remove': ['studentId', 'ref'],
  'class.end': ['ref'],
};
const REQUIRED: Record<string, string[]> = { 'class.teach': ['code', 'teacherKey'], 'class.join': ['code'], 'class.view': ['view'], 'class.question': ['action'], 'class.answer': ['questionId', 'choice'], 'class.remove': ['studentId'] };

const isNum = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const nullOr = (v: unknown, p: (v: unknown) => boolean) => v === null || p(v);

/** The classroom protocol restated: what an accepted class message must be. */
function allowed(m: Record<string, unknown>): boolean {
  const fields = FIELDS[m.type as string];
  if (!fields) return true; // not a class message: the other fuzz test's business
  const keys = Object.keys(m).filter((k) => k !== 'type');
  if (!keys.every((k) => fields.includes(k)) || !(REQUIRED[m.type as string] ?? []).every((k) => m[k] !== undefined)) return false;
  if (m.code !== undefined && !(typeof m.code === 'string' && /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/.test(m.code))) return false;
  for (const k of ['teacherKey', 'studentKey']) if (m[k] !== undefined && !(typeof m[k] === 'string' && /^[A-Za-z0-9_-]{22,128}$/.test(m[k]))) return false;
  if (m.name !== undefined && !(typeof m.name === 'string' && m.name.length >= 1 && m.name.length <= 40 && ![...m.name].some((c) => { const n = c.codePointAt(0)!; return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x200e || n === 0x200f || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069); }))) return false;
  if (m.questionId !== undefined && !(typeof m.questionId === 'string' && /^[a-z0-9-]{1,48}$/.test(m.questionId))) return false;
  if (m.choice !== undefined && !(typeof m.choice === 'string' && /^[A-Za-z0-9_.+-]{1,32}$/.test(m.choice))) return false;
  if (m.studentId !== undefined && !(typeof m.studentId === 'string' && /^[a-z0-9]{1,16}$/.test(m.studentId))) return false;
  if (m.action !== undefined && !['open', 'lock', 'show-tallies', 'hide-tallies', 'close'].includes(m.action as string)) return false;
  if (m.fromSeq !== undefined && !(Number.isSafeInteger(m.fromSeq) && (m.fromSeq as number) >= 0)) return false;
  if (m.view !== undefined) {
    const v = m.view as Record<string, unknown>;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const want = ['scenario', 'runId', 'playhead', 'clock', 'playing', 'speed', 'window', 'selectedSeq'];
    if (Object.keys(v).sort().join() !== want.sort().join()) return false;
    if (!nullOr(v.scenario, (s) => typeof s === 'string' && /^[a-z0-9-]{1,64}$/.test(s))) return false;
    if (!nullOr(v.playhead, (p) => Number.isSafeInteger(p) && (p as number) >= 0) || !nullOr(v.selectedSeq, (p) => Number.isSafeInteger(p) && (p as number) >= 0)) return false;
    if (!isNum(v.clock, 0, 1e12) || typeof v.playing !== 'boolean' || !isNum(v.speed, 0.25, 4)) return false;
    const w = v.window as Record<string, unknown> | null;
    if (w !== null && !(typeof w === 'object' && Object.keys(w).sort().join() === 'from,to' && isNum(w.from, 0, 1e12) && isNum(w.to, 0, 1e12))) return false;
  }
  return true;
}

function check(text: string): void {
  const result = parseClientMessage(text);
  if (result.ok) {
    expect(allowed(result.message as unknown as Record<string, unknown>)).toBe(true);
    return;
  }
  expect(['ERR_BAD_JSON', 'ERR_BAD_MESSAGE', 'ERR_UNKNOWN_TYPE']).toContain(result.code);
  expect(typeof result.field).toBe('string');
  // A wrong key is described by its type, never shown.
  if (result.field === 'teacherKey' || result.field === 'studentKey') expect(result.message).not.toContain(KEY.slice(0, 20));
}

const PLACEHOLDER = '\u0000value\u0000';
const mutated = fc
  .tuple(
    fc.constantFrom(...REAL),
    fc.constantFrom('type', 'code', 'teacherKey', 'studentKey', 'name', 'runId', 'fromSeq', 'view', 'action', 'scenario', 'questionId', 'choice', 'studentId', 'ref', 'extra'),
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 60 }).map((v) => JSON.stringify(v)),
      fc.constantFrom('"ab2c3d"', '"AB2C3D"', '"OOOOOO"', `"${KEY}x"`, '"<b>x</b>"', '"a\\u202eb"', '{"scenario":null}', '1e400', '-1', '"open"', '"close"'),
      fc.constant(null),
    ),
  )
  .map(([message, key, raw]) => {
    const copy: Record<string, unknown> = { ...message };
    if (raw === null) {
      delete copy[key];
      return JSON.stringify(copy);
    }
    Object.defineProperty(copy, key, { value: PLACEHOLDER, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), raw);
  });

const viewMutated = fc
  .tuple(fc.constantFrom('scenario', 'runId', 'playhead', 'clock', 'playing', 'speed', 'window', 'selectedSeq', 'extra'), fc.jsonValue({ maxDepth: 3 }))
  .map(([key, value]) => JSON.stringify({ ...REAL[4], view: { ...(REAL[4] as { view: object }).view, [key]: value } }));

describe('class messages under fuzzing', () => {
  it('accepts every real class message', () => {
    for (const message of REAL) expect(parseClientMessage(JSON.stringify(message))).toMatchObject({ ok: true });
  });

  it('a field replaced, removed or added: a coded error or an allowed message, never a throw (1 000 cases)', () => {
    fc.assert(fc.property(mutated, check), { numRuns: 1000 });
  });

  it('the teacher\u2019s view with one field replaced (500 cases)', () => {
    fc.assert(fc.property(viewMutated, check), { numRuns: 500 });
  });
});
