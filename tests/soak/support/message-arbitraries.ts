// Generated and mutated client messages for the soak's fuzzing of a live server: JSON of any shape, real
// messages (of real scenarios) with a field replaced by generated or deeply nested JSON, and real messages
// with bytes edited.
import fc from 'fast-check';

export const REAL_MESSAGES = [
  { type: 'run', scenario: 'pids', params: { count: 2 }, ownerKey: 'k'.repeat(32), ref: 'r' },
  { type: 'run', scenario: 'socket-chat', params: { interactive: true, clients: 1 }, driver: 'python' },
  { type: 'run', scenario: 'exit-codes' },
  { type: 'cancel', runId: 'mfq2x9-0a1b2c3d4e' },
  { type: 'watch', runId: 'mfq2x9-0a1b2c3d4e', fromSeq: 3, ownerKey: 'abcdefabcdefabcdefabcdef' },
  { type: 'unwatch', runId: 'mfq2x9-0a1b2c3d4e' },
  { type: 'input', runId: 'mfq2x9-0a1b2c3d4e', pid: 4242, text: 'hello 你好', ref: 'i' },
];

const PLACEHOLDER = '\u0000value\u0000';

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((v) => JSON.stringify(v)),
  fc.nat(6000).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.nat(3000).map((depth) => '{"a":'.repeat(depth) + '0' + '}'.repeat(depth)),
  fc.constantFrom('"__proto__"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '1e309', '-0', '"\\u0000"'),
);

const mutated = fc
  .tuple(
    fc.constantFrom(...REAL_MESSAGES),
    fc.constantFrom('type', 'scenario', 'params', 'driver', 'ownerKey', 'ref', 'runId', 'fromSeq', 'pid', 'text', 'extra', '__proto__'),
    fc.option(jsonText, { nil: null }),
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

const edited = fc
  .tuple(fc.constantFrom(...REAL_MESSAGES.map((m) => JSON.stringify(m))), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, [at, cut, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice((at % (t.length + 1)) + cut), text));

/** One frame's text. */
export const clientFrame = fc.oneof(fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'), mutated, edited);
