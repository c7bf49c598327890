import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ChunkedList } from '../src/index.js';

/** The list after `ops`, built two ways: one extension per batch (shared chunks) and in place (owned). */
function build(batches: { added: number[]; rewrites: [number, number][] }[]) {
  let shared = ChunkedList.empty<number>();
  const owned = ChunkedList.from<number>([]);
  const plain: number[] = [];
  const versions: { list: ChunkedList<number>; items: number[] }[] = [];
  for (const { added, rewrites } of batches) {
    const rewritten = new Map<number, number>();
    for (const [at, value] of rewrites) {
      if (plain.length === 0) continue;
      const index = at % plain.length;
      rewritten.set(index, value);
      plain[index] = value;
      owned.set(index, value);
    }
    plain.push(...added);
    for (const item of added) owned.push(item);
    shared = shared.extended(added, rewritten);
    versions.push({ list: shared, items: plain.slice() });
  }
  return { shared, owned, plain, versions };
}

const batches = fc.array(fc.record({ added: fc.array(fc.integer(), { maxLength: 150 }), rewrites: fc.array(fc.tuple(fc.nat(), fc.integer()), { maxLength: 4 }) }), { maxLength: 12 });

describe('ChunkedList', () => {
  test('reads like the array it stands for, and every earlier version keeps its items (300 cases)', () => {
    fc.assert(
      fc.property(batches, (ops) => {
        const { shared, owned, plain, versions } = build(ops);
        for (const list of [shared, owned]) {
          expect(list.length).toBe(plain.length);
          expect([...list]).toEqual(plain);
          expect(list.toArray()).toEqual(plain);
          expect(JSON.stringify(list)).toBe(JSON.stringify(plain));
          expect(list.at(-1)).toBe(plain.at(-1));
          expect(list.at(plain.length)).toBeUndefined();
          expect(list.slice(3, -2)).toEqual(plain.slice(3, -2));
          expect(list.map((x, i) => x + i)).toEqual(plain.map((x, i) => x + i));
          expect(list.filter((x) => x % 2 === 0)).toEqual(plain.filter((x) => x % 2 === 0));
          expect(list.findIndex((x) => x > 10)).toBe(plain.findIndex((x) => x > 10));
          expect(list.findLastIndex((x) => x > 10)).toBe(plain.findLastIndex((x) => x > 10));
          expect(list.reduce((a, x) => a + x, 0)).toBe(plain.reduce((a, x) => a + x, 0));
        }
        for (const { list, items } of versions) expect(list.toArray()).toEqual(items);
        expect(shared).toEqual(owned);
      }),
      { numRuns: 300 },
    );
  });

  test('a version shares the chunks a batch did not touch, and an unchanged batch gives the same list', () => {
    const base = ChunkedList.empty<number>().extended(Array.from({ length: 1000 }, (_, i) => i));
    expect(base.extended([])).toBe(base);
    const next = base.extended([1000], new Map([[5, -5]]));
    expect(base.at(5)).toBe(5);
    expect(next.at(5)).toBe(-5);
    expect(next.at(1000)).toBe(1000);
    expect(next).not.toEqual(base);
    expect(base.extended([], new Map([[5, -5]]))).not.toEqual(base); // equality compares items, not only lengths
  });

  test('only a list its caller owns changes in place; a version made from it shares nothing with it', () => {
    const shared = ChunkedList.empty<number>().extended([1, 2, 3]);
    expect(() => shared.push(4)).toThrow(/Cannot push on a shared list/);
    expect(() => shared.set(0, 4)).toThrow(/Cannot set on a shared list/);
    const owned = shared.copy();
    owned.push(4);
    const version = owned.extended([5]);
    owned.set(0, 100);
    owned.push(6);
    expect(version.toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(owned.toArray()).toEqual([100, 2, 3, 4, 6]);
    expect(shared.toArray()).toEqual([1, 2, 3]);
    expect(() => owned.set(9, 0)).toThrow(RangeError);
  });
});
