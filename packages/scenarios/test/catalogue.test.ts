import { describe, expect, test } from 'vitest';
import { QUESTION_ID_PATTERN } from '@forkscope/protocol';
import { catalogue, expectationsFor, getScenario, questionsFor, scenarioIds } from '../src/catalogue.js';

describe('catalogue', () => {
  test('holds the seventeen lessons of DESIGN §2, in order', () => {
    expect(scenarioIds).toEqual([
      'first-child', 'join', 'pids', 'many', 'join-in-loop', 'no-join', 'subclass', 'isolation', 'daemon',
      'daemon-killed-at-main-end', 'daemon-no-children', 'socket-chat', 'terminate', 'pid-name', 'spawn-guard',
      'exit-codes', 'orphans',
    ]);
    expect(getScenario('daemon')?.section).toBe('5.1');
    expect(getScenario('nope')).toBeUndefined();
  });

  test.each(catalogue.map((s) => [s.id, s] as const))('%s is complete in both languages', (_, s) => {
    for (const text of [s.title, s.summary, s.quote]) {
      expect(text.zh.length).toBeGreaterThan(0);
      expect(text.en.length).toBeGreaterThan(0);
    }
    expect(s.points.zh.length).toBeGreaterThan(0);
    expect(s.points.zh.length).toBe(s.points.en.length);
    expect(s.expectations.length).toBeGreaterThan(0);
    expect(new Set(s.expectations.map((e) => e.id)).size).toBe(s.expectations.length);
    for (const e of s.expectations) expect(e.text.zh && e.text.en).toBeTruthy();
    for (const p of s.params) expect(p.label.zh && p.label.en).toBeTruthy();
    expect(s.drivers).toContain('node');
  });

  test.each(catalogue.map((s) => [s.id, s] as const))('%s asks 2–4 questions, each with 2–4 choices, in both languages', (_, s) => {
    expect(s.questions.length).toBeGreaterThanOrEqual(2);
    expect(s.questions.length).toBeLessThanOrEqual(4);
    expect(new Set(s.questions.map((q) => q.id)).size).toBe(s.questions.length);
    for (const q of s.questions) {
      expect(q.id).toMatch(new RegExp(QUESTION_ID_PATTERN));
      expect(q.text.zh && q.text.en).toBeTruthy();
      expect(q.choices.length).toBeGreaterThanOrEqual(2);
      expect(q.choices.length).toBeLessThanOrEqual(4);
      expect(new Set(q.choices.map((c) => c.id)).size).toBe(q.choices.length);
      for (const c of q.choices) {
        expect(c.id).toMatch(/^[A-Za-z0-9_.+-]{1,32}$/);
        expect(c.text.zh && c.text.en).toBeTruthy();
      }
    }
    // With its default parameters, a lesson still asks at least two.
    expect(questionsFor(s, { driver: 'node' }).length).toBeGreaterThanOrEqual(2);
  });

  test('expectationsFor picks the facts stated for the parameters and driver', () => {
    const joinInLoop = getScenario('join-in-loop')!;
    const ids = (params: Record<string, unknown>, driver: 'node' | 'python' = 'node') =>
      expectationsFor(joinInLoop, { params, driver }).map((e) => e.id);
    expect(ids({})).toContain('one-after-another');
    expect(ids({})).not.toContain('children-overlap');
    expect(ids({ join: 'none' })).toEqual(['child-count', 'each-says-hello', 'children-overlap', 'parent-line-early', 'main-exits-last']);
    const terminate = getScenario('terminate')!;
    expect(expectationsFor(terminate, { driver: 'node' }).map((e) => e.id)).toContain('alive-right-after');
    expect(expectationsFor(terminate, { driver: 'python' }).map((e) => e.id)).not.toContain('alive-right-after');
  });
});
