// The class state a class outlives a connection with, behind one small interface: who teaches (a digest
// of the teacher key), who joined (students by key digest, with their names), what the teacher shows, the
// open question and its answers. The in-memory store (memory-class-store.ts) is the one implementation
// today; the interface is asynchronous and every method is one atomic step, so that it can move into
// Redis (a hash per class, a hash of answers per question) when the API runs on several nodes. What is
// live — sockets, the run being followed, timers — stays with the node (class-hub.ts).
import type { ClassView, QuestionPhase, RosterEntry } from '@forkscope/protocol';

type Text = { zh: string; en: string };

export interface ClassRecord {
  code: string;
  /** ms since the epoch. */
  createdAt: number;
  /** SHA-256 of the teacher key, hex. */
  teacherKeyHash: string;
  view: ClassView | null;
  question: QuestionRecord | null;
}

export interface StudentRecord {
  id: string;
  /** SHA-256 of the student's key, hex, or null for a student without one (known by connection only). */
  keyHash: string | null;
  name: string | null;
}

/** What a run decided, kept hidden from the class until the reveal. */
export interface DecidedResult {
  status: 'decided' | 'undecided';
  choice: string | null;
  seq: number;
  t: number;
  detail?: Text;
}

export interface QuestionRecord {
  id: string;
  scenario: string;
  phase: QuestionPhase;
  /** The teacher shows the distribution before the reveal. */
  showTallies: boolean;
  /** The run shown when the question was asked: a later run decides it. */
  askedDuring: string | null;
  /** The run that decides it, once shown. */
  runId: string | null;
  /** The answer can differ from run to run (the lesson says so). */
  varies: boolean;
  result: DecidedResult | null;
}

export type JoinResult =
  | { ok: true; student: StudentRecord; present: number; rejoined: boolean }
  | { ok: false; reason: 'unknown' | 'removed' | 'full' };

export type AnswerResult = { ok: true; answered: number } | { ok: false; reason: 'no-question' | 'other-question' | 'locked' | 'limit' | 'unknown-student' };

export interface ClassStore {
  /** A new class under a code no open class has. */
  create(teacherKeyHash: string, now: number): Promise<ClassRecord>;
  get(code: string): Promise<ClassRecord | null>;
  /** Open classes. */
  count(): Promise<number>;
  /** Forgets the class; false when there was none. */
  end(code: string): Promise<boolean>;
  /**
   * A student arrives: a key seen before is the same student again (a reload), unless removed. A
   * connection is counted present until `leave`; beyond `maxStudents` present (or 4 × `maxStudents`
   * students ever, those who left included), a new student is refused.
   */
  join(code: string, student: { keyHash: string | null; name: string | null }, maxStudents: number): Promise<JoinResult>;
  /** One connection of the student left; returns how many students are present. */
  leave(code: string, studentId: string): Promise<number>;
  /** Removes the student: not present, and their key may not join again. */
  remove(code: string, studentId: string): Promise<StudentRecord | null>;
  present(code: string): Promise<number>;
  /** The students present, for the teacher, with whether each answered the open question. */
  roster(code: string): Promise<RosterEntry[]>;
  setView(code: string, view: ClassView): Promise<void>;
  /** Opens a question (replacing any other): no answers yet. */
  openQuestion(code: string, question: Omit<QuestionRecord, 'phase' | 'showTallies' | 'runId' | 'result'>): Promise<QuestionRecord | null>;
  updateQuestion(code: string, patch: Partial<Pick<QuestionRecord, 'phase' | 'showTallies' | 'runId' | 'result'>>): Promise<QuestionRecord | null>;
  closeQuestion(code: string): Promise<void>;
  /** A student's answer to the open question, replacing theirs; refused once locked or past `maxChanges` answers. */
  answer(code: string, studentId: string, questionId: string, choice: string, maxChanges: number): Promise<AnswerResult>;
  /** The student's answer to the open question, or null. */
  answerOf(code: string, studentId: string): Promise<string | null>;
  /** Answers to the open question: how many, and how many per choice. */
  tallies(code: string): Promise<{ answered: number; tallies: Record<string, number> }>;
}
