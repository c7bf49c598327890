// The classroom on this node: class messages from the connections (client-session.ts hands them over),
// the class state in the store (class-store.ts), and what is live here — each class's teachers and
// students, the run its students follow (class-fanout.ts), the question's judge, timers.
//
// Who may do what: the teacher (the page holding the class's teacher key) changes the view, asks and
// locks questions, removes students and ends the class; a student answers. A student's message reaches
// the server only: other members see the number present, how many answered, and tallies. Every refusal is
// a coded error and changes nothing.
//
// What goes out, and how often: the view to students at most every `viewIntervalMs` (at once when the
// run changes, before that run's events); presence and the question's counts at most every
// `presenceIntervalMs`; the roster to the teacher at most every `rosterIntervalMs`. Each message to the
// class is serialised once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { cleanDisplayName } from '@forkscope/protocol';
import type { ClassEndReason, ClassQuestion, ClassView, ClientMessageOf, ClientMessageType, ServerErrorCode, ServerMessage } from '@forkscope/protocol';
import type { Question } from '@forkscope/scenarios/catalogue';
import type { RunManager } from '../runs/run-manager.js';
import type { ClassStore, QuestionRecord } from './class-store.js';
import { createMemoryClassStore } from './memory-class-store.js';
import { createClassFanout, type ClassFanout, type FanoutOptions } from './class-fanout.js';
import { frameOf, type ClassMember } from './class-member.js';
import { createJoinLimiter, type JoinLimitOptions } from './join-limiter.js';
import { createQuestionJudge, type QuestionJudge } from './question-judge.js';

export interface ClassLimits {
  /** Classes open at once, server-wide. Default 32. */
  maxClasses: number;
  /** Students present in one class. Default 250 (the largest class a lesson tool admits; the connection cap is 512). */
  maxStudents: number;
  /** Answers one student may give to one question (changes included). Default 10. */
  maxAnswerChanges: number;
  /** Messages a class's students may send together, per second, once their burst is spent. Default 100. */
  studentMessagesPerSecond: number;
  /** ... and at once. Default 500: every student of a full class answering in the same second, twice. */
  studentBurst: number;
  /** A class without a teacher page connected ends after this long, ms. Default 15 minutes. */
  idleMs: number;
  /** A class ends after this long whatever happens, ms. Default 12 hours. */
  maxAgeMs: number;
  /** Least time between two views sent to the students, ms. Default 100. */
  viewIntervalMs: number;
  /** Least time between two presence or answer counts, ms. Default 250. */
  presenceIntervalMs: number;
  /** Least time between two rosters to the teacher, ms. Default 500. */
  rosterIntervalMs: number;
}

export const DEFAULT_CLASS_LIMITS: ClassLimits = {
  maxClasses: 32,
  maxStudents: 250,
  maxAnswerChanges: 10,
  studentMessagesPerSecond: 100,
  studentBurst: 500,
  idleMs: 15 * 60_000,
  maxAgeMs: 12 * 3_600_000,
  viewIntervalMs: 100,
  presenceIntervalMs: 250,
  rosterIntervalMs: 500,
};

/** The class messages a connection may send (protocol: messages.ts). */
export type ClassClientMessage = ClientMessageOf<Extract<ClientMessageType, `class.${string}`>>;

export interface ClassHubOptions {
  manager: RunManager;
  store?: ClassStore;
  /** A lesson's questions. Default: the scenario catalogue's. */
  questionsOf?: (scenario: string) => readonly Question[];
  limits?: Partial<ClassLimits>;
  joins?: JoinLimitOptions;
  fanout?: FanoutOptions;
  /** Wall clock, ms. Default Date.now. */
  now?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

export interface ClassHub {
  /** Carries out a class message from `member`; the answer (or a coded refusal) goes back to it. */
  handle(member: ClassMember, message: ClassClientMessage): Promise<void>;
  /** The connection closed. */
  gone(member: ClassMember): void;
  /** What a connection is in a class, if anything. */
  roleOf(memberId: number): 'teacher' | 'student' | null;
  readonly limits: Readonly<ClassLimits>;
  /** Classes live on this node. */
  readonly size: number;
  /** The fan-out of a class (for measurements and tests). */
  fanoutOf(code: string): ClassFanout | null;
  close(): void;
}

interface Membership {
  code: string;
  role: 'teacher' | 'student';
  studentId?: string;
}

interface LiveClass {
  code: string;
  teachers: Set<ClassMember>;
  students: Map<ClassMember, string>;
  fanout: ClassFanout;
  view: ClassView | null;
  question: QuestionRecord | null;
  judge: QuestionJudge | null;
  /** The students' message budget: tokens and when last refilled (ms). */
  budget: { tokens: number; at: number };
  timers: Partial<Record<'view' | 'presence' | 'roster' | 'question' | 'idle' | 'age', ReturnType<typeof setTimeout>>>;
  sentAt: Partial<Record<'view' | 'presence' | 'roster' | 'question', number>>;
  ended: boolean;
}

const hash = (key: string): string => createHash('sha256').update(key).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function defaultQuestionsOf(): Promise<(scenario: string) => readonly Question[]> {
  const { getScenario } = await import('@forkscope/scenarios/catalogue');
  return (scenario) => getScenario(scenario)?.questions ?? [];
}

export function createClassHub(options: ClassHubOptions): ClassHub {
  const { manager } = options;
  const limits: ClassLimits = { ...DEFAULT_CLASS_LIMITS, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`Expected the class limit \`${name}\` to be a positive integer, got \`${value}\``);
  }
  const store = options.store ?? createMemoryClassStore();
  const questionsOf = options.questionsOf ?? (() => []);
  const joins = createJoinLimiter(options.joins);
  const now = options.now ?? Date.now;
  const live = new Map<string, LiveClass>();
  const memberships = new Map<number, Membership>();

  function refuse(member: ClassMember, code: ServerErrorCode, message: string, ref: string | undefined, field?: string): void {
    member.send({ type: 'error', code, message, ...(field === undefined ? {} : { field }), ...(ref === undefined ? {} : { ref }) });
  }

  function liveClass(code: string): LiveClass {
    let c = live.get(code);
    if (c) return c;
    const fanout = createClassFanout(manager, options.fanout);
    c = {
      code,
      teachers: new Set(),
      students: new Map(),
      fanout,
      view: null,
      question: null,
      judge: null,
      budget: { tokens: limits.studentBurst, at: performance.now() },
      timers: {},
      sentAt: {},
      ended: false,
    };
    const lc = c;
    fanout.onAdvance = (runId, events, from, to) => {
      if (!lc.judge || lc.judge.runId !== runId) return;
      if (lc.judge.advance(events, from, to)) void recordDecision(lc);
    };
    const age = setTimeout(() => void endClass(lc, 'idle'), limits.maxAgeMs);
    age.unref();
    c.timers.age = age;
    live.set(code, c);
    return c;
  }

  // ── sending ───────────────────────────────────────────────────────────────────────────────────────

  /** One frame to every member of the class. */
  function toAll(c: LiveClass, message: ServerMessage): void {
    const frame = frameOf(message);
    c.fanout.broadcast(frame);
    for (const t of c.teachers) t.sendFrame(frame);
  }

  /** Runs `send` now if the last one is `interval` ms old, else once when it is (the latest state then). */
  function throttle(c: LiveClass, what: 'view' | 'presence' | 'roster' | 'question', interval: number, send: () => Promise<void> | void): void {
    if (c.timers[what] !== undefined || c.ended) return;
    const wait = (c.sentAt[what] ?? -Infinity) + interval - performance.now();
    const go = (): void => {
      c.timers[what] = undefined;
      if (c.ended) return;
      c.sentAt[what] = performance.now();
      void Promise.resolve(send()).catch((error: unknown) => options.log?.warn({ err: error, class: c.code }, `class ${what} update failed`));
    };
    if (wait <= 0) {
      c.sentAt[what] = performance.now();
      c.timers[what] = undefined;
      void Promise.resolve(send()).catch((error: unknown) => options.log?.warn({ err: error, class: c.code }, `class ${what} update failed`));
    } else {
      const timer = setTimeout(go, wait);
      c.timers[what] = timer;
    }
  }

  function sendView(c: LiveClass): void {
    if (c.view) {
      const frame = frameOf({ type: 'class.view', view: c.view });
      c.fanout.broadcast(frame);
    }
  }

  function schedulePresence(c: LiveClass): void {
    throttle(c, 'presence', limits.presenceIntervalMs, async () => toAll(c, { type: 'class.presence', students: await store.present(c.code) }));
    throttle(c, 'roster', limits.rosterIntervalMs, async () => {
      if (c.teachers.size === 0) return;
      const frame = frameOf({ type: 'class.roster', students: await store.roster(c.code) });
      for (const t of c.teachers) t.sendFrame(frame);
    });
  }

  async function publicQuestion(c: LiveClass): Promise<ClassQuestion | null> {
    const q = c.question;
    if (!q) return null;
    const { answered, tallies } = await store.tallies(c.code);
    const revealed = q.phase === 'revealed';
    return {
      id: q.id,
      scenario: q.scenario,
      phase: q.phase,
      answered,
      tallies: q.showTallies || revealed ? tallies : null,
      runId: q.runId,
      result:
        revealed && q.result
          ? { status: q.result.status, choice: q.result.choice, seq: q.result.seq, t: q.result.t, ...(q.result.detail && { detail: q.result.detail }), varies: q.varies }
          : null,
    };
  }

  /** The question's state to everyone: at once (a change of phase) or throttled (a count). */
  function sendQuestion(c: LiveClass, now = true): void {
    const send = async (): Promise<void> => toAll(c, { type: 'class.question', question: await publicQuestion(c) });
    if (!now) return throttle(c, 'question', limits.presenceIntervalMs, send);
    if (c.timers.question !== undefined) {
      clearTimeout(c.timers.question);
      c.timers.question = undefined;
    }
    c.sentAt.question = performance.now();
    void send().catch((error: unknown) => options.log?.warn({ err: error, class: c.code }, 'class question update failed'));
  }

  async function snapshot(c: LiveClass, role: 'teacher' | 'student', ref: string | undefined, student?: { id: string; name: string | null }): Promise<ServerMessage> {
    return {
      type: 'class.joined',
      code: c.code,
      role,
      ...(student && { studentId: student.id, name: student.name, answer: await store.answerOf(c.code, student.id) }),
      students: await store.present(c.code),
      view: c.view,
      question: await publicQuestion(c),
      ...(ref === undefined ? {} : { ref }),
    };
  }

  // ── membership ────────────────────────────────────────────────────────────────────────────────────

  async function leave(member: ClassMember): Promise<void> {
    const m = memberships.get(member.id);
    if (!m) return;
    memberships.delete(member.id);
    const c = live.get(m.code);
    if (!c) return;
    if (m.role === 'teacher') {
      c.teachers.delete(member);
      if (c.teachers.size === 0 && c.timers.idle === undefined && !c.ended) {
        const idle = setTimeout(() => void endClass(c, 'idle'), limits.idleMs);
        idle.unref();
        c.timers.idle = idle;
      }
      return;
    }
    c.students.delete(member);
    c.fanout.drop(member);
    if (m.studentId !== undefined) await store.leave(c.code, m.studentId);
    schedulePresence(c);
  }

  function becomeTeacher(c: LiveClass, member: ClassMember): void {
    memberships.set(member.id, { code: c.code, role: 'teacher' });
    c.teachers.add(member);
    if (c.timers.idle !== undefined) {
      clearTimeout(c.timers.idle);
      c.timers.idle = undefined;
    }
  }

  async function endClass(c: LiveClass, reason: ClassEndReason): Promise<void> {
    if (c.ended) return;
    c.ended = true;
    for (const timer of Object.values(c.timers)) if (timer !== undefined) clearTimeout(timer);
    c.timers = {};
    toAll(c, { type: 'class.ended', code: c.code, reason });
    for (const member of [...c.teachers, ...c.students.keys()]) {
      memberships.delete(member.id);
      }
    c.teachers.clear();
    c.students.clear();
    c.fanout.close();
    live.delete(c.code);
    await store.end(c.code);
  }

  // ── questions ─────────────────────────────────────────────────────────────────────────────────────

  /** A question still waiting for its run is decided by the first run the teacher shows after asking, of its lesson. */
  async function bindQuestion(c: LiveClass): Promise<void> {
    const q = c.question;
    const runId = c.view?.runId ?? null;
    if (!q || q.runId !== null || runId === null || runId === q.askedDuring || c.view?.scenario !== q.scenario) return;
    const question = questionsOf(q.scenario).find((x) => x.id === q.id);
    if (!question) return;
    // Answers close when the run that decides it is shown: nobody predicts what they have seen.
    c.question = await store.updateQuestion(c.code, { runId, phase: 'locked' });
    c.judge = createQuestionJudge(question, runId);
    if (c.fanout.runId === runId && c.fanout.sent > 0 && c.judge.advance(c.fanout.events, 0, c.fanout.sent)) await recordDecision(c);
    sendQuestion(c);
  }

  async function recordDecision(c: LiveClass): Promise<void> {
    const result = c.judge?.result;
    if (!result || !c.question || c.question.result) return;
    c.question = await store.updateQuestion(c.code, { result });
    await revealIfDue(c);
  }

  /** Reveals once the teacher's screen shows the proving event: live (the whole run) or a playhead past it. */
  async function revealIfDue(c: LiveClass): Promise<void> {
    const q = c.question;
    const v = c.view;
    if (!q || q.phase === 'revealed' || !q.result || !v || v.runId !== q.runId) return;
    if (v.playhead !== null && v.playhead <= q.result.seq) return;
    c.question = await store.updateQuestion(c.code, { phase: 'revealed' });
    // The students' playhead passes the proof first (a view may be waiting for its interval), then the reveal.
    if (c.timers.view !== undefined) {
      clearTimeout(c.timers.view);
      c.timers.view = undefined;
      c.sentAt.view = performance.now();
      sendView(c);
    }
    sendQuestion(c);
  }

  // ── the messages ──────────────────────────────────────────────────────────────────────────────────

  function teacherOf(member: ClassMember, ref: string | undefined): LiveClass | null {
    const m = memberships.get(member.id);
    const c = m && live.get(m.code);
    if (!m || !c) {
      refuse(member, 'ERR_NOT_IN_CLASS', 'This connection is in no class: open one (`class.create`) or teach yours again (`class.teach`)', ref);
      return null;
    }
    if (m.role !== 'teacher') {
      refuse(member, 'ERR_NOT_TEACHER', `Only the teacher of class ${c.code} may do that; this connection is a student`, ref);
      return null;
    }
    return c;
  }

  function studentOf(member: ClassMember, ref: string | undefined): { c: LiveClass; studentId: string } | null {
    const m = memberships.get(member.id);
    const c = m && live.get(m.code);
    if (!m || !c || m.role !== 'student' || m.studentId === undefined) {
      refuse(member, 'ERR_NOT_IN_CLASS', 'This connection is no student of a class: join one with its code first', ref);
      return null;
    }
    return { c, studentId: m.studentId };
  }

  /** The students' shared budget: refused (with a word) when the class sends more than its limit. */
  function withinBudget(c: LiveClass, member: ClassMember, ref: string | undefined): boolean {
    const t = performance.now();
    c.budget.tokens = Math.min(limits.studentBurst, c.budget.tokens + ((t - c.budget.at) / 1000) * limits.studentMessagesPerSecond);
    c.budget.at = t;
    if (c.budget.tokens >= 1) {
      c.budget.tokens -= 1;
      return true;
    }
    refuse(member, 'ERR_RATE_LIMITED', `Class ${c.code} takes at most ${limits.studentMessagesPerSecond} messages a second from its students together (bursts of ${limits.studentBurst}); this one was dropped`, ref);
    return false;
  }

  const handlers: { [T in ClassClientMessage['type']]: (member: ClassMember, message: Extract<ClassClientMessage, { type: T }>) => Promise<void> } = {
    async 'class.create'(member, { ref }) {
      await leave(member);
      if ((await store.count()) >= limits.maxClasses) {
        return refuse(member, 'ERR_BUSY', `The server has ${limits.maxClasses} classes open, its most; end one first`, ref);
      }
      const teacherKey = randomBytes(16).toString('hex');
      const record = await store.create(hash(teacherKey), now());
      const c = liveClass(record.code);
      becomeTeacher(c, member);
      member.send({ type: 'class.created', code: c.code, teacherKey, ...(ref === undefined ? {} : { ref }) });
      member.send(await snapshot(c, 'teacher', ref));
      member.send({ type: 'class.roster', students: [] });
    },

    async 'class.teach'(member, { code, teacherKey, ref }) {
      const gate = joins.check(member.address, now());
      if (!gate.ok) return refuse(member, 'ERR_RATE_LIMITED', gate.message, ref);
      const record = await store.get(code);
      // A wrong key is answered like a wrong code: neither says whether the code is open.
      if (!record || !sameHash(record.teacherKeyHash, hash(teacherKey))) {
        joins.failed(member.address, now());
        return refuse(member, 'ERR_UNKNOWN_CLASS', `No class ${code} with this teacher key: it may have ended`, ref, 'code');
      }
      await leave(member);
      const c = liveClass(code);
      c.view ??= record.view;
      c.question ??= record.question;
      becomeTeacher(c, member);
      member.send(await snapshot(c, 'teacher', ref));
      member.send({ type: 'class.roster', students: await store.roster(code) });
    },

    async 'class.join'(member, { code, studentKey, name, runId, fromSeq, ref }) {
      const gate = joins.check(member.address, now());
      if (!gate.ok) return refuse(member, 'ERR_RATE_LIMITED', gate.message, ref);
      const record = await store.get(code);
      if (!record) {
        joins.failed(member.address, now());
        return refuse(member, 'ERR_UNKNOWN_CLASS', `No class ${code}: check the code on the projector (the class may have ended)`, ref, 'code');
      }
      await leave(member);
      const cleanName = name === undefined ? null : cleanDisplayName(name);
      const joined = await store.join(code, { keyHash: studentKey === undefined ? null : hash(studentKey), name: cleanName }, limits.maxStudents);
      if (!joined.ok) {
        if (joined.reason === 'removed') return refuse(member, 'ERR_REMOVED', `The teacher removed this page from class ${code}`, ref);
        if (joined.reason === 'full') return refuse(member, 'ERR_CLASS_FULL', `Class ${code} has ${limits.maxStudents} students present, its most`, ref);
        return refuse(member, 'ERR_UNKNOWN_CLASS', `No class ${code}: it may have ended`, ref, 'code');
      }
      const c = liveClass(code);
      c.view ??= record.view;
      c.question ??= record.question;
      memberships.set(member.id, { code, role: 'student', studentId: joined.student.id });
        c.students.set(member, joined.student.id);
      member.send(await snapshot(c, 'student', ref, joined.student));
      c.fanout.admit(member, runId === undefined ? undefined : { runId, fromSeq: fromSeq ?? 0 });
      schedulePresence(c);
    },

    async 'class.leave'(member) {
      await leave(member);
    },

    async 'class.view'(member, { view, ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      const previous = c.view;
      c.view = view;
      await store.setView(c.code, view);
      if (view.runId !== (previous?.runId ?? null)) {
        // The students learn of the new run before its first event reaches them.
        if (c.timers.view !== undefined) clearTimeout(c.timers.view);
        c.timers.view = undefined;
        c.sentAt.view = performance.now();
        sendView(c);
        const shown = c.fanout.show(view.runId);
        await bindQuestion(c);
        await shown;
      } else {
        throttle(c, 'view', limits.viewIntervalMs, () => sendView(c));
      }
      await revealIfDue(c);
    },

    async 'class.question'(member, { action, scenario, questionId, ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      if (action === 'open') {
        if (scenario === undefined || questionId === undefined) return refuse(member, 'ERR_BAD_MESSAGE', 'Opening a question needs its `scenario` and `questionId`', ref, scenario === undefined ? 'scenario' : 'questionId');
        const question = questionsOf(scenario).find((q) => q.id === questionId);
        if (!question) {
          const ids = questionsOf(scenario).map((q) => q.id);
          return refuse(member, 'ERR_UNKNOWN_QUESTION', `Lesson ${JSON.stringify(scenario)} has no question ${JSON.stringify(questionId)}; it has: ${ids.join(', ') || 'none'}`, ref, 'questionId');
        }
        c.judge = null;
        c.question = await store.openQuestion(c.code, { id: question.id, scenario, askedDuring: c.view?.runId ?? null, varies: question.varies });
        sendQuestion(c);
        schedulePresence(c);
        return;
      }
      if (!c.question) return refuse(member, 'ERR_UNKNOWN_QUESTION', `No question is open in class ${c.code}`, ref);
      if (action === 'close') {
        await store.closeQuestion(c.code);
        c.question = null;
        c.judge = null;
      } else if (action === 'lock') {
        if (c.question.phase === 'open') c.question = await store.updateQuestion(c.code, { phase: 'locked' });
      } else {
        c.question = await store.updateQuestion(c.code, { showTallies: action === 'show-tallies' });
      }
      sendQuestion(c);
    },

    async 'class.answer'(member, { questionId, choice, ref }) {
      const s = studentOf(member, ref);
      if (!s) return;
      const { c, studentId } = s;
      if (!withinBudget(c, member, ref)) return;
      const q = c.question;
      if (!q || q.id !== questionId) return refuse(member, 'ERR_UNKNOWN_QUESTION', `Question ${JSON.stringify(questionId)} is not the one open in class ${c.code}`, ref, 'questionId');
      const choices = questionsOf(q.scenario).find((x) => x.id === q.id)?.choices.map((x) => x.id) ?? [];
      if (!choices.includes(choice)) return refuse(member, 'ERR_BAD_MESSAGE', `Expected \`choice\` to be one of ${choices.join(', ')}, got ${JSON.stringify(choice)}`, ref, 'choice');
      const result = await store.answer(c.code, studentId, questionId, choice, limits.maxAnswerChanges);
      if (!result.ok) {
        if (result.reason === 'locked') return refuse(member, 'ERR_QUESTION_CLOSED', `The teacher has locked the answers to ${JSON.stringify(questionId)}`, ref);
        if (result.reason === 'limit') return refuse(member, 'ERR_CLASS_LIMIT', `At most ${limits.maxAnswerChanges} answers to one question, changes included; your last one stands`, ref);
        return refuse(member, 'ERR_UNKNOWN_QUESTION', `Question ${JSON.stringify(questionId)} is not open in class ${c.code}`, ref, 'questionId');
      }
      member.send({ type: 'class.answered', questionId, choice, ...(ref === undefined ? {} : { ref }) });
      sendQuestion(c, false);
      schedulePresence(c);
    },

    async 'class.remove'(member, { studentId, ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      const removed = await store.remove(c.code, studentId);
      if (!removed) return refuse(member, 'ERR_NOT_IN_CLASS', `No student ${studentId} in class ${c.code}`, ref, 'studentId');
      for (const [m, id] of [...c.students]) {
        if (id !== studentId) continue;
        c.students.delete(m);
        c.fanout.drop(m);
        memberships.delete(m.id);
        m.send({ type: 'class.ended', code: c.code, reason: 'removed' });
      }
      schedulePresence(c);
    },

    async 'class.end'(member, { ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      await endClass(c, 'ended');
    },
  };

  return {
    limits,
    get size() {
      return live.size;
    },
    async handle(member, message) {
      const handler = handlers[message.type] as (member: ClassMember, message: ClassClientMessage) => Promise<void>;
      await handler(member, message);
    },
    gone(member) {
      void leave(member).catch((error: unknown) => options.log?.warn({ err: error }, 'leaving a class failed'));
    },
    roleOf(memberId) {
      return memberships.get(memberId)?.role ?? null;
    },
    fanoutOf(code) {
      return live.get(code)?.fanout ?? null;
    },
    close() {
      for (const c of [...live.values()]) void endClass(c, 'server');
    },
  };
}
