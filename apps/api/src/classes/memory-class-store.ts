// The class store in this process's memory (class-store.ts): one entry per open class.
import type { ClassView, RosterEntry } from '@forkscope/protocol';
import { questionMeets, type AnswerResult, type ClassRecord, type ClassStore, type JoinResult, type QuestionRecord, type StudentRecord } from './class-store.js';
import { newClassCode, newStudentId } from './class-code.js';

interface Entry {
  record: ClassRecord;
  students: Map<string, StudentRecord & { connections: number }>;
  byKey: Map<string, string>;
  removedKeys: Set<string>;
  present: number;
  /** studentId → choice, and how many answers each gave, for the open question. */
  answers: Map<string, string>;
  changes: Map<string, number>;
}

export function createMemoryClassStore(): ClassStore {
  const classes = new Map<string, Entry>();
  const of = (code: string): Entry | undefined => classes.get(code);

  return {
    async create(teacherKeyHash, now, maxClasses) {
      if (classes.size >= maxClasses) return null;
      let code = newClassCode();
      // 31^6 codes: a collision with an open class is rare, and a new draw settles it.
      while (classes.has(code)) code = newClassCode();
      const record: ClassRecord = { code, createdAt: now, teacherKeyHash, view: null, question: null, viewRev: 0, questionRev: 0, teacherAt: now };
      classes.set(code, { record, students: new Map(), byKey: new Map(), removedKeys: new Set(), present: 0, answers: new Map(), changes: new Map() });
      return { ...record };
    },

    async get(code) {
      const e = of(code);
      return e ? { ...e.record, question: e.record.question && { ...e.record.question } } : null;
    },

    async count() {
      return classes.size;
    },

    async touch(code, now) {
      const e = of(code);
      if (e) e.record.teacherAt = now;
      return e !== undefined;
    },

    async end(code) {
      return classes.delete(code);
    },

    async join(code, { keyHash, name }, maxStudents): Promise<JoinResult> {
      const e = of(code);
      if (!e) return { ok: false, reason: 'unknown' };
      if (keyHash !== null && e.removedKeys.has(keyHash)) return { ok: false, reason: 'removed' };
      const knownId = keyHash === null ? undefined : e.byKey.get(keyHash);
      const known = knownId === undefined ? undefined : e.students.get(knownId);
      if (known) {
        if (known.connections === 0 && e.present >= maxStudents) return { ok: false, reason: 'full' };
        if (known.connections === 0) e.present += 1;
        known.connections += 1;
        if (name !== null) known.name = name;
        return { ok: true, student: { id: known.id, keyHash: known.keyHash, name: known.name }, present: e.present, rejoined: true };
      }
      // Students who left keep their record (a reload is the same student): at most four classes' worth.
      if (e.present >= maxStudents || e.students.size >= 4 * maxStudents) return { ok: false, reason: 'full' };
      let id = newStudentId();
      while (e.students.has(id)) id = newStudentId();
      const student = { id, keyHash, name, connections: 1 };
      e.students.set(id, student);
      if (keyHash !== null) e.byKey.set(keyHash, id);
      e.present += 1;
      return { ok: true, student: { id, keyHash, name }, present: e.present, rejoined: false };
    },

    async leave(code, studentId) {
      const e = of(code);
      const s = e?.students.get(studentId);
      if (!e || !s || s.connections === 0) return e?.present ?? 0;
      s.connections -= 1;
      if (s.connections === 0) {
        e.present -= 1;
        // A student without a key cannot come back as themselves: forget them, keep their answer.
        if (s.keyHash === null) e.students.delete(studentId);
      }
      return e.present;
    },

    async remove(code, studentId) {
      const e = of(code);
      const s = e?.students.get(studentId);
      if (!e || !s) return null;
      if (s.connections > 0) e.present -= 1;
      e.students.delete(studentId);
      if (s.keyHash !== null) {
        e.byKey.delete(s.keyHash);
        e.removedKeys.add(s.keyHash);
      }
      return { id: s.id, keyHash: s.keyHash, name: s.name };
    },

    async present(code) {
      return of(code)?.present ?? 0;
    },

    async roster(code): Promise<RosterEntry[]> {
      const e = of(code);
      if (!e) return [];
      const out: RosterEntry[] = [];
      for (const s of e.students.values()) if (s.connections > 0) out.push({ id: s.id, name: s.name, answered: e.answers.has(s.id) });
      return out;
    },

    async setView(code, view: ClassView) {
      const e = of(code);
      if (!e) return null;
      e.record.view = view;
      return ++e.record.viewRev;
    },

    async openQuestion(code, question) {
      const e = of(code);
      if (!e) return null;
      e.answers.clear();
      e.changes.clear();
      e.record.question = { ...question, phase: 'open', showTallies: false, runId: null, result: null };
      return { question: { ...e.record.question }, rev: ++e.record.questionRev };
    },

    async updateQuestion(code, when, patch) {
      const e = of(code);
      if (!e || !questionMeets(e.record.question, when)) return null;
      e.record.question = { ...e.record.question!, ...patch } satisfies QuestionRecord;
      return { question: { ...e.record.question }, rev: ++e.record.questionRev };
    },

    async closeQuestion(code, id) {
      const e = of(code);
      if (!e || e.record.question?.id !== id) return null;
      e.record.question = null;
      e.answers.clear();
      e.changes.clear();
      return { question: null, rev: ++e.record.questionRev };
    },

    async answer(code, studentId, questionId, choice, maxChanges, maxAnswers): Promise<AnswerResult> {
      const e = of(code);
      const q = e?.record.question;
      if (!e || !q) return { ok: false, reason: 'no-question' };
      if (q.id !== questionId) return { ok: false, reason: 'other-question' };
      if (q.phase !== 'open') return { ok: false, reason: 'locked' };
      if (!e.students.has(studentId)) return { ok: false, reason: 'unknown-student' };
      const changes = e.changes.get(studentId) ?? 0;
      if (changes >= maxChanges) return { ok: false, reason: 'limit' };
      if (!e.answers.has(studentId) && e.answers.size >= maxAnswers) return { ok: false, reason: 'full' };
      e.changes.set(studentId, changes + 1);
      e.answers.set(studentId, choice);
      return { ok: true, answered: e.answers.size };
    },

    async answerOf(code, studentId) {
      return of(code)?.answers.get(studentId) ?? null;
    },

    async tallies(code) {
      const e = of(code);
      const tallies: Record<string, number> = {};
      if (!e) return { answered: 0, tallies };
      for (const choice of e.answers.values()) tallies[choice] = (tallies[choice] ?? 0) + 1;
      return { answered: e.answers.size, tallies };
    },
  };
}
