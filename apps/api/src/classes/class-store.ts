// The class state a class outlives a connection with, behind one small interface: who teaches (a digest
// of the teacher key), who joined (students by key digest, with their names), what the teacher shows, the
// open question and its answers. Two implementations: in this process's memory (memory-class-store.ts,
// the single server) and in Redis (cluster/redis-class-store.ts, shared by the API nodes of a cluster).
// The interface is asynchronous and every method is one atomic step, so that two nodes racing can never
// both win. What is live — sockets, the run being followed, timers — stays with the node (class-hub.ts).
//
// The view and the question each carry a revision, raised by every change: a node that hears of a change
// (classes/class-bus.ts) or reads the record applies it only when its revision is newer than its own.
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
  viewRev: number;
  questionRev: number;
  /** When a teacher page was last known connected, ms since the epoch (`touch`): the idle end counts from it. */
  teacherAt: number;
}

/** A question as changed, with the revision of the change. */
export interface QuestionChange {
  question: QuestionRecord | null;
  rev: number;
}

/**
 * What must hold of the open question for a change to apply: it is question `id`, and (when given) it is
 * bound to `runId` (null: to no run yet), its result is (not) known, its phase is one of `phase`. Two nodes
 * judging the same run both try to record its result; only the first finds `result: 'none'`.
 */
export interface QuestionCondition {
  id: string;
  runId?: string | null;
  result?: 'none' | 'some';
  phase?: readonly QuestionPhase[];
}

/** A store that cannot be reached now (Redis away): the hub answers ERR_BUSY and changes nothing. */
export class ClassStoreUnavailableError extends Error {
  readonly code = 'ERR_BUSY';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClassStoreUnavailableError';
  }
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

export type AnswerResult = { ok: true; answered: number } | { ok: false; reason: 'no-question' | 'other-question' | 'locked' | 'limit' | 'full' | 'unknown-student' };

export interface ClassStore {
  /** A new class under a code no open class has; null when `maxClasses` are open already. */
  create(teacherKeyHash: string, now: number, maxClasses: number): Promise<ClassRecord | null>;
  get(code: string): Promise<ClassRecord | null>;
  /** Open classes. */
  count(): Promise<number>;
  /** A teacher page is connected now: the class stays open (in Redis: its keys' expiry starts again). False when it is gone. */
  touch(code: string, now: number): Promise<boolean>;
  /** Forgets the class; false when there was none (another node ended it first). */
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
  /** The teacher's view; returns its revision, or null when the class is gone. */
  setView(code: string, view: ClassView): Promise<number | null>;
  /** Opens a question (replacing any other): no answers yet. Null when the class is gone. */
  openQuestion(code: string, question: Omit<QuestionRecord, 'phase' | 'showTallies' | 'runId' | 'result'>): Promise<QuestionChange | null>;
  /** Changes the open question if `when` holds of it; null when it does not (or there is none). */
  updateQuestion(code: string, when: QuestionCondition, patch: Partial<Pick<QuestionRecord, 'phase' | 'showTallies' | 'runId' | 'result'>>): Promise<QuestionChange | null>;
  /** Closes question `id` (its answers go with it); null when another is open, or none. */
  closeQuestion(code: string, id: string): Promise<QuestionChange | null>;
  /**
   * A student's answer to the open question, replacing theirs; refused once locked, past `maxChanges`
   * answers of theirs, or (`full`) when `maxAnswers` students answered already (answers of students who
   * left stay counted, so coming and going without a key cannot grow them without end).
   */
  answer(code: string, studentId: string, questionId: string, choice: string, maxChanges: number, maxAnswers: number): Promise<AnswerResult>;
  /** The student's answer to the open question, or null. */
  answerOf(code: string, studentId: string): Promise<string | null>;
  /** Answers to the open question: how many, and how many per choice. */
  tallies(code: string): Promise<{ answered: number; tallies: Record<string, number> }>;
}

/** Whether `question` meets `when` (both stores decide it the same way). */
export function questionMeets(question: QuestionRecord | null, when: QuestionCondition): question is QuestionRecord {
  if (!question || question.id !== when.id) return false;
  if (when.runId !== undefined && question.runId !== when.runId) return false;
  if (when.result !== undefined && (question.result === null) !== (when.result === 'none')) return false;
  return when.phase === undefined || when.phase.includes(question.phase);
}
