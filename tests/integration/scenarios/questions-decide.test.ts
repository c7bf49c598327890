// Every lesson's questions against the committed recordings of real runs: each question that applies is
// decided from the events (a choice it offers, or none with the run's own words), at an event of the run;
// the answers that do not vary are the ones the lesson teaches; a copy cut before the proof leaves the
// question pending, and a cancelled copy leaves it undecided.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type ForkscopeEvent } from '@forkscope/protocol';
import { getScenario, questionsFor } from '@forkscope/scenarios';
import { loadRecordings } from './recordings.js';

/** What each lesson teaches, for the questions whose answer does not vary (fixture file → question → choice). */
const TAUGHT: Record<string, Record<string, string>> = {
  'first-child.ndjson': { 'first-line': 'child', 'last-exit': 'main' },
  'join.ndjson': { 'parent-or-child': 'parent', 'main-exit': 'after-child' },
  'join.join-true.ndjson': { 'parent-or-child': 'child', 'main-exit': 'after-child' },
  'pids.ndjson': { ppid: 'main' },
  'pids.python-forkserver.ndjson': { ppid: 'other' },
  'many.ndjson': { together: 'together' },
  'join-in-loop.ndjson': { together: 'one-by-one', 'parent-line': 'after' },
  'join-in-loop.after-loop.ndjson': { together: 'together', 'parent-line': 'after' },
  'join-in-loop.none.ndjson': { together: 'together', 'parent-line': 'before' },
  'no-join.ndjson': { 'main-exit': 'after-children' },
  'subclass.ndjson': { names: 'custom', 'last-line': 'main' },
  'isolation.ndjson': { 'main-n': '100', 'child-n': '0' },
  'isolation.join-true.ndjson': { 'main-n': '100', 'child-n': '0' },
  'daemon.ndjson': { 'how-it-ends': 'by-itself', 'exit-code': '0' },
  'daemon-killed-at-main-end.ndjson': { end123: 'no', 'p1-exit': '-15', end456: 'yes' },
  'daemon-no-children.ndjson': { 'start-in-daemon': 'error', 'daemon-exit': '1', 'main-exit': '0' },
  'socket-chat.ndjson': { handlers: 'per-connection', echo: 'upper' },
  'terminate.ndjson': { 'first-alive': 'true', 'exit-code': '-15' },
  'pid-name.ndjson': { name: 'myprocess', pid: 'yes' },
  'spawn-guard.ndjson': { 'top-level-count': '2', 'child-exit': '1' },
  'exit-codes.ndjson': { raises: '1', exits: '3', terminated: '-15', killed: '-9' },
  'orphans.ndjson': { 'grandchildren-fate': 'run-on', 'new-parent': 'adopter', 'grandchild-exit': '0' },
};

const model = (events: readonly ForkscopeEvent[]) => applyEvents(createTimelineModel(), events);

describe.each(loadRecordings().map((f) => [f.file, f] as const))('%s', (file, fixture) => {
  const meta = getScenario(fixture.header.scenario!)!;
  const questions = questionsFor(meta, { params: fixture.header.params, driver: fixture.header.driver });
  const whole = model(fixture.events);

  test('every question that applies is decided, at an event of the run, as the lesson teaches', () => {
    expect(questions.length).toBeGreaterThanOrEqual(2);
    const answers: Record<string, string | null> = {};
    for (const q of questions) {
      const result = q.decide(whole);
      expect(result.status, `${q.id}: ${JSON.stringify(result)}`).toBe('decided');
      expect(result.seq, q.id).toBeTypeOf('number');
      expect(fixture.events[result.seq!]!.seq).toBe(result.seq);
      if (result.choice === null) expect(result.detail?.en, q.id).toBeTruthy();
      else expect(q.choices.map((c) => c.id)).toContain(result.choice);
      answers[q.id] = result.choice ?? null;
    }
    const taught = TAUGHT[file] ?? {};
    for (const [id, choice] of Object.entries(taught)) expect([id, answers[id]]).toEqual([id, choice]);
    // Every question without a taught answer here says that its answer varies.
    for (const q of questions) if (!(q.id in taught)) expect([q.id, q.varies]).toEqual([q.id, true]);
  });

  test('decided at the proving event: one event earlier it is still pending', () => {
    for (const q of questions) {
      const { seq, choice } = q.decide(whole);
      const at = model(fixture.events.slice(0, seq! + 1));
      expect([q.id, at.run.status === 'running' ? q.decide(at).choice : choice]).toEqual([q.id, choice]);
      const before = model(fixture.events.slice(0, seq!));
      expect([q.id, q.decide(before).status]).toEqual([q.id, 'pending']);
    }
  });

  test('a run cancelled before the proof leaves the question undecided', () => {
    for (const q of questions) {
      const { seq } = q.decide(whole);
      const cut = fixture.events.slice(0, seq!);
      const last = cut.at(-1)!;
      const cancelled = model([...cut, { seq: cut.length, t: last.t + 1, pid: 0, type: 'run.ended', status: 'cancelled', exitCode: null, leftovers: 0, reason: null } as unknown as ForkscopeEvent]);
      expect([q.id, q.decide(cancelled).status]).toEqual([q.id, 'undecided']);
    }
  });
});
