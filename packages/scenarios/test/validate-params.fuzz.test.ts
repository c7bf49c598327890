// Fuzzing parameter validation over the whole catalogue, both drivers: generated inputs and mutations of
// each scenario's defaults. Properties: it never throws; it answers parameters or a coded error naming a
// field; what it accepts holds exactly the scenario's parameters for that driver, each within its spec,
// and never a name that reaches a prototype.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, paramsFor, validateParams, type ScenarioMeta } from '../src/index.js';
import type { Driver } from '@forkscope/protocol';

const cases = catalogue.flatMap((meta) => meta.drivers.map((driver) => ({ meta, driver })));

function check(meta: ScenarioMeta, driver: Driver, input: unknown): void {
  const result = validateParams(meta, input, driver);
  if (!result.ok) {
    expect(['ERR_BAD_PARAM', 'ERR_UNKNOWN_PARAM']).toContain(result.code);
    expect(typeof result.field).toBe('string');
    expect(result.message.length).toBeLessThan(600);
    return;
  }
  const specs = paramsFor(meta, driver);
  expect(Object.keys(result.params).sort()).toEqual(specs.map((s) => s.name).sort());
  for (const spec of specs) {
    const value = result.params[spec.name];
    // What came out is valid input again, and unchanged by a second pass.
    const again = validateParams(meta, { [spec.name]: value }, driver);
    expect(again.ok && again.params[spec.name]).toEqual(value);
  }
  for (const name of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(result.params, name)).toBe(false);
}

/** A JSON object as JSON.parse builds it: `__proto__` becomes an own key. */
const fromJson = (entries: [string, unknown][]) => JSON.parse(JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k === 'proto' ? '__proto__' : k, v])))) as unknown;

const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.integer({ min: -5, max: 40 }), fc.boolean(), fc.array(fc.string({ maxLength: 30 }), { maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 80 }));

describe('validateParams under fuzzing', () => {
  it('generated inputs of any shape (700 cases)', () => {
    fc.assert(fc.property(fc.constantFrom(...cases), fc.jsonValue({ maxDepth: 4 }), ({ meta, driver }, input) => check(meta, driver, input)), { numRuns: 700 });
  });

  it("each scenario's defaults with values changed, removed or added, prototype names included (1 300 cases)", () => {
    const mutated = fc.tuple(
      fc.constantFrom(...cases),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom('proto', 'constructor', 'prototype', 'toString'), fc.string({ maxLength: 12 })), value), { maxLength: 3 }),
      fc.array(fc.tuple(fc.nat(), value), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(mutated, ([{ meta, driver }, added, changed]) => {
        const specs = paramsFor(meta, driver);
        const entries: [string, unknown][] = specs.map((s) => [s.name, s.default]);
        for (const [at, v] of changed) if (entries.length > 0) entries[at % entries.length]![1] = v;
        check(meta, driver, fromJson([...entries, ...added]));
      }),
      { numRuns: 1300 },
    );
  });
});
