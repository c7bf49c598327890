// Fuzzing the client-message validator: generated JSON and mutations of real messages. Properties: it never
// throws; it answers a value or a coded error; what it accepts is exactly what the protocol allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, OWNER_KEY_PATTERN, type ServerErrorCode } from '@forkscope/protocol';
import { parseClientMessage } from '../../src/ws/validate-client-message.js';

const CODES: ReadonlySet<ServerErrorCode> = new Set(['ERR_BAD_JSON', 'ERR_BAD_MESSAGE', 'ERR_UNKNOWN_TYPE']);
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const ALLOWED: Record<string, { required: string[]; optional: string[] }> = {
  run: { required: ['scenario'], optional: ['params', 'driver', 'ownerKey', 'ref'] },
  cancel: { required: ['runId'], optional: ['ref'] },
  watch: { required: ['runId'], optional: ['fromSeq', 'ownerKey', 'ref'] },
  unwatch: { required: ['runId'], optional: ['ref'] },
  input: { required: ['runId', 'pid', 'text'], optional: ['ref'] },
};

const REAL = [
  { type: 'run', scenario: 'socket-chat', params: { interactive: true, clients: 1 }, driver: 'python', ownerKey: 'k'.repeat(32), ref: 'run-1' },
  { type: 'run', scenario: 'pids', params: { count: 3, startMethod: 'fork' } },
  { type: 'cancel', runId: 'mfq2x9-0a1b2c3d4e' },
  { type: 'watch', runId: 'mfq2x9-0a1b2c3d4e', fromSeq: 42, ownerKey: 'abcdefabcdefabcdefabcdef' },
  { type: 'unwatch', runId: 'mfq2x9-0a1b2c3d4e' },
  { type: 'input', runId: 'mfq2x9-0a1b2c3d4e', pid: 4242, text: 'hello 你好', ref: 'i1' },
];

/** The protocol, restated independently of the validator: what an accepted message must be. */
function allowedByProtocol(m: Record<string, unknown>): boolean {
  const spec = ALLOWED[m.type as string];
  if (!spec) return false;
  const keys = Object.keys(m).filter((k) => k !== 'type');
  if (!keys.every((k) => spec.required.includes(k) || spec.optional.includes(k))) return false;
  if (!spec.required.every((k) => m[k] !== undefined)) return false;
  if (m.ref !== undefined && (typeof m.ref !== 'string' || m.ref.length > 64)) return false;
  if (m.runId !== undefined && (typeof m.runId !== 'string' || !RUN_ID.test(m.runId))) return false;
  if (m.ownerKey !== undefined && (typeof m.ownerKey !== 'string' || !new RegExp(OWNER_KEY_PATTERN).test(m.ownerKey))) return false;
  if (m.type === 'input') {
    if (typeof m.text !== 'string' || /[\r\n]/.test(m.text) || Buffer.byteLength(m.text) > MAX_INPUT_BYTES) return false;
    if (!Number.isSafeInteger(m.pid) || (m.pid as number) <= 0) return false;
  }
  if (m.fromSeq !== undefined && (!Number.isSafeInteger(m.fromSeq) || (m.fromSeq as number) < 0)) return false;
  if (m.driver !== undefined && m.driver !== 'node' && m.driver !== 'python') return false;
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) return false;
  return true;
}

function check(text: string): void {
  const result = parseClientMessage(text);
  if (result.ok) {
    expect(allowedByProtocol(result.message as unknown as Record<string, unknown>)).toBe(true);
  } else {
    expect(CODES.has(result.code)).toBe(true);
    expect(typeof result.field).toBe('string');
    expect(result.message.length).toBeLessThan(400);
  }
}

/** A real message with one field replaced (by JSON text, so that nesting deeper than any stack fits), removed or added. */
const PLACEHOLDER = '\u0000value\u0000';
const mutated = fc
  .tuple(
    fc.constantFrom(...REAL),
    fc.constantFrom('type', 'scenario', 'params', 'driver', 'ownerKey', 'ref', 'runId', 'fromSeq', 'pid', 'text', 'extra', '__proto__'),
    fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }).map((v) => JSON.stringify(v)),
      fc.integer().map(String),
      fc.nat(6000).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
      fc.nat(3000).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
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

/** A real message's text with bytes inserted, deleted or replaced. */
const edited = fc
  .tuple(fc.constantFrom(...REAL.map((m) => JSON.stringify(m))), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, [at, cut, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice((at % (t.length + 1)) + cut), text));

describe('parseClientMessage under fuzzing', () => {
  it('accepts every real message', () => {
    for (const message of REAL) expect(parseClientMessage(JSON.stringify(message))).toMatchObject({ ok: true });
  });

  it('generated JSON values: never throws, answers a coded error or an allowed message (800 cases)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => check(JSON.stringify(value) ?? 'null')), { numRuns: 800 });
  });

  it('real messages with a field replaced, removed, added or deeply nested (800 cases)', () => {
    fc.assert(fc.property(mutated, check), { numRuns: 800 });
  });

  it('real messages with their text edited byte by byte (400 cases)', () => {
    fc.assert(fc.property(edited, check), { numRuns: 400 });
  });
});
