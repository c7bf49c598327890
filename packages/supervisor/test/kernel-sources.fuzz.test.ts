// The lines the kernel helpers print and the /proc files the sampler reads, on arbitrary text: the parsers
// never throw, and whatever they accept is well formed (pids and times are safe integers, a signal is named).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProcwatchLine } from '../src/kernel-sources/proc-connector.js';
import { parseTracerLine } from '../src/kernel-sources/signal-tracer.js';
import { parseSmapsRollup } from '@forkscope/protocol/smaps-rollup';

const safe = (n: number) => Number.isSafeInteger(n) && n >= 0;
const digits = fc.stringMatching(/^-?\d{1,22}$/);
/** Lines shaped like the helper's (numbers, mostly), with or without something after them. */
const line = (head: string, parts: number) =>
  fc
    .tuple(fc.array(fc.oneof({ weight: 5, arbitrary: digits }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { minLength: parts, maxLength: parts }), fc.constantFrom('', ' ', ' x y', ' 12'))
    .map(([fields, tail]) => `${head} ${fields.join(' ')}${tail}`);

describe('kernel helper lines, fuzzed', () => {
  it('an exit line is a fact with safe integers, or null', () => {
    fc.assert(
      fc.property(fc.oneof(line('exit', 4), fc.string({ maxLength: 80 })), (text) => {
        const fact = parseProcwatchLine(text);
        if (fact) expect([fact.pid, fact.ppid, fact.status, fact.tm].every(safe)).toBe(true);
      }),
    );
  });

  it('a signal line is a fact with a signal name, or null', () => {
    fc.assert(
      fc.property(fc.oneof(line('sig', 6), fc.string({ maxLength: 80 })), (text) => {
        const fact = parseTracerLine(text);
        if (fact) {
          expect([fact.by, fact.target, fact.tm].every(safe)).toBe(true);
          expect(fact.signal).toMatch(/^SIG[A-Z0-9+]+$/);
          expect(fact.byName.length).toBeLessThanOrEqual(64);
        }
      }),
    );
  });

  it('a rollup is non-negative byte counts, or null', () => {
    const field = fc.tuple(fc.constantFrom('Rss', 'Pss', 'Private_Dirty', 'Shared_Clean', 'Swap', 'Junk'), digits).map(([k, v]) => `${k}: ${v} kB`);
    fc.assert(
      fc.property(fc.array(fc.oneof(field, fc.string({ maxLength: 30 })), { maxLength: 12 }), (lines) => {
        const figures = parseSmapsRollup(lines.join('\n'));
        if (figures) for (const value of Object.values(figures)) expect(value).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
