import { describe, expect, it } from 'vitest';
import type { ClassQuestion, ServerMessage } from '@forkscope/protocol';
import { initialClassState, reduceClass, verdictOf, type ClassState } from '../../src/classroom/class-state.js';

const question = (patch: Partial<ClassQuestion> = {}): ClassQuestion => ({ id: 'end123', scenario: 'daemon-killed-at-main-end', phase: 'open', answered: 0, tallies: null, runId: null, result: null, ...patch });
const server = (state: ClassState, message: ServerMessage) => reduceClass(state, { type: 'server', message });

describe('class state', () => {
  it('joins, follows counts, keeps the answer for its question only, and knows right from wrong once revealed', () => {
    let s = reduceClass(initialClassState('AB2C3D'), { type: 'joining', code: 'AB2C3D' });
    expect(s.phase).toBe('joining');
    s = server(s, { type: 'class.joined', code: 'AB2C3D', role: 'student', studentId: 'abc', name: null, students: 3, view: null, question: question(), answer: null });
    expect([s.phase, s.role, s.students]).toEqual(['in', 'student', 3]);
    s = server(s, { type: 'class.presence', students: 4 });
    s = server(s, { type: 'class.answered', questionId: 'end123', choice: 'no' });
    expect(s.answer).toBe('no');
    expect(verdictOf(s)).toBeNull();
    s = server(s, { type: 'class.question', question: question({ phase: 'revealed', answered: 4, tallies: { no: 3, yes: 1 }, result: { status: 'decided', choice: 'no', seq: 9, t: 1, varies: false } }) });
    expect([s.students, s.answer, verdictOf(s)]).toEqual([4, 'no', 'right']);
    // Another question: the old answer is not an answer to it.
    s = server(s, { type: 'class.question', question: question({ id: 'p1-exit' }) });
    expect(s.answer).toBeNull();
    s = server(s, { type: 'class.ended', code: 'AB2C3D', reason: 'ended' });
    expect([s.phase, s.ended]).toEqual(['ended', 'ended']);
  });

  it("a refusal while joining is the page's state; errors once in are notices, not state", () => {
    const joining = reduceClass(initialClassState(), { type: 'joining', code: 'AB2C3D' });
    const refused = server(joining, { type: 'error', code: 'ERR_UNKNOWN_CLASS', message: 'No class AB2C3D' });
    expect([refused.phase, refused.refusal?.code]).toEqual(['refused', 'ERR_UNKNOWN_CLASS']);
    expect(server(joining, { type: 'error', code: 'ERR_RATE_LIMITED', message: 'wait' }).phase).toBe('refused');
    const inClass = server(joining, { type: 'class.joined', code: 'AB2C3D', role: 'student', studentId: 'a', name: null, students: 1, view: null, question: null, answer: null });
    expect(server(inClass, { type: 'error', code: 'ERR_RATE_LIMITED', message: 'slow down' })).toBe(inClass);
  });

  it('after a dropped connection it is joining again, and a wrong answer is wrong', () => {
    let s = server(reduceClass(initialClassState(), { type: 'joining', code: 'X' }), { type: 'class.joined', code: 'X', role: 'teacher', students: 0, view: null, question: null });
    s = reduceClass(s, { type: 'disconnected' });
    expect(s.phase).toBe('joining');
    expect(verdictOf({ answer: 'yes', question: question({ phase: 'revealed', result: { status: 'decided', choice: 'no', varies: false } }) })).toBe('wrong');
    expect(verdictOf({ answer: 'yes', question: question({ phase: 'revealed', result: { status: 'undecided', choice: null, varies: true } }) })).toBeNull();
  });
});
