import { describe, expect, it } from 'vitest';
import { createMemoryClassStore } from '../../src/classes/memory-class-store.js';

describe('memory class store', () => {
  it('counts a student present once whatever their connections, keeps their answer when they leave, and blocks a removed key', async () => {
    const store = createMemoryClassStore();
    const { code } = (await store.create('ab'.repeat(32), 0, 32))!;
    const a = await store.join(code, { keyHash: 'k1', name: 'Ana' }, 10);
    const again = await store.join(code, { keyHash: 'k1', name: null }, 10);
    if (!a.ok || !again.ok) throw new Error('join refused');
    expect([again.rejoined, again.student.id, again.student.name, again.present]).toEqual([true, a.student.id, 'Ana', 1]);
    const anon = await store.join(code, { keyHash: null, name: null }, 10);
    if (!anon.ok) throw new Error('join refused');
    expect(await store.present(code)).toBe(2);

    await store.openQuestion(code, { id: 'q', scenario: 's', askedDuring: null, varies: false });
    expect(await store.answer(code, anon.student.id, 'q', 'x', 5)).toEqual({ ok: true, answered: 1 });
    expect(await store.answer(code, a.student.id, 'q', 'y', 1)).toEqual({ ok: true, answered: 2 });
    expect(await store.answer(code, a.student.id, 'q', 'x', 1)).toEqual({ ok: false, reason: 'limit' });
    expect(await store.answer(code, a.student.id, 'other', 'x', 5)).toEqual({ ok: false, reason: 'other-question' });
    expect(await store.leave(code, anon.student.id)).toBe(1);
    expect(await store.tallies(code)).toEqual({ answered: 2, tallies: { x: 1, y: 1 } });
    expect((await store.roster(code)).map((r) => [r.name, r.answered])).toEqual([['Ana', true]]);

    await store.updateQuestion(code, { id: 'q' }, { phase: 'locked' });
    expect(await store.answer(code, a.student.id, 'q', 'y', 5)).toEqual({ ok: false, reason: 'locked' });

    expect(await store.remove(code, a.student.id)).toMatchObject({ name: 'Ana' });
    expect(await store.present(code)).toBe(0);
    expect(await store.join(code, { keyHash: 'k1', name: null }, 10)).toEqual({ ok: false, reason: 'removed' });
    expect(await store.end(code)).toBe(true);
    expect(await store.join(code, { keyHash: 'k2', name: null }, 10)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a student beyond the class size, but not one coming back on another connection', async () => {
    const store = createMemoryClassStore();
    const { code } = (await store.create('cd'.repeat(32), 0, 32))!;
    expect((await store.join(code, { keyHash: 'k1', name: null }, 1)).ok).toBe(true);
    expect(await store.join(code, { keyHash: 'k2', name: null }, 1)).toEqual({ ok: false, reason: 'full' });
    expect((await store.join(code, { keyHash: 'k1', name: null }, 1)).ok).toBe(true);
    // Students who come and go with new keys: four classes' worth of records at most.
    const other = (await store.create('ab'.repeat(32), 0, 32))!;
    for (let i = 0; i < 4; i++) {
      const s = await store.join(other.code, { keyHash: `n${i}`, name: null }, 1);
      if (!s.ok) throw new Error('refused');
      await store.leave(other.code, s.student.id);
    }
    expect(await store.join(other.code, { keyHash: 'n9', name: null }, 1)).toEqual({ ok: false, reason: 'full' });
    expect((await store.join(other.code, { keyHash: 'n0', name: null }, 1)).ok).toBe(true);
  });

  it('gives every class its own code', async () => {
    const store = createMemoryClassStore();
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) codes.add((await store.create('ef'.repeat(32), 0, 200))!.code);
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
  });
});
