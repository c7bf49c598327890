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
//
// Across nodes (a cluster, docs/scaling.md): the store is shared (Redis) and a bus (class-bus.ts) tells
// the other nodes of each change, so that each sends its own connections what this node sends its own.
// Every node holding members of a class follows the teacher's run and judges the open question; the
// store's conditional changes let only the first node record a result or reveal it. While a teacher page
// is connected, its node touches the class (the record's `teacherAt`; in Redis, its keys' expiry); a node
// without a teacher ends the class once `teacherAt` is `idleMs` old, and one that finds the class gone
// from the store (Redis restarted empty) ends it for its connections.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { cleanDisplayName } from '@forkscope/protocol';
import type { ClassEndReason, ClassQuestion, ClassView, ClientMessageOf, ClientMessageType, ServerErrorCode, ServerMessage } from '@forkscope/protocol';
import type { Question } from '@forkscope/scenarios/catalogue';
import type { RunManager } from '../runs/run-manager.js';
import { ClassStoreUnavailableError, type ClassRecord, type ClassStore, type QuestionChange, type QuestionRecord } from './class-store.js';
import type { ClassBus, ClassSignal } from './class-bus.js';
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
  /** The other nodes of a cluster (with a shared store); none for a single server. */
  bus?: ClassBus;
  /** With a bus: how often each class's record is read again (a lost signal), at most, ms. Default 1000. */
  syncEveryMs?: number;
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

type Throttled = 'view' | 'presence' | 'roster' | 'question' | 'tellPresence' | 'tellAnswers';

interface LiveClass {
  code: string;
  teachers: Set<ClassMember>;
  students: Map<ClassMember, string>;
  fanout: ClassFanout;
  /** The fan-out's last `show`: students are admitted once it has the run. */
  shown: Promise<unknown>;
  view: ClassView | null;
  viewRev: number;
  question: QuestionRecord | null;
  questionRev: number;
  judge: QuestionJudge | null;
  /** A reveal waits until this node's students hold the proving event. */
  revealHeld: boolean;
  /** When this node last touched the class for its teacher (performance.now()). */
  touchedAt: number;
  syncing: boolean;
  /** The students' message budget: tokens and when last refilled (ms). */
  budget: { tokens: number; at: number };
  timers: Partial<Record<Throttled | 'idle' | 'age', ReturnType<typeof setTimeout>>>;
  sentAt: Partial<Record<Throttled, number>>;
  ended: boolean;
}

const hash = (key: string): string => createHash('sha256').update(key).digest('hex');
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  const { manager, bus } = options;
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
  const warn = (error: unknown, c: LiveClass | null, what: string): void => {
    if (error instanceof ClassStoreUnavailableError) return;
    options.log?.warn({ err: error, ...(c && { class: c.code }) }, what);
  };
  // A teacher's node touches the class well within the idle time, so that other nodes see it is taught.
  const touchEveryMs = Math.min(10_000, Math.max(50, Math.floor(limits.idleMs / 3)));
  const syncEveryMs = Math.min(options.syncEveryMs ?? 1000, touchEveryMs);
  const syncer = bus ? setInterval(() => {
    for (const c of live.values()) void sync(c);
  }, syncEveryMs) : null;
  syncer?.unref();

  function refuse(member: ClassMember, code: ServerErrorCode, message: string, ref: string | undefined, field?: string): void {
    member.send({ type: 'error', code, message, ...(field === undefined ? {} : { field }), ...(ref === undefined ? {} : { ref }) });
  }

  /** The class on this node, made live from its record (and brought up to it: a newer view or question). */
  function liveClass(record: ClassRecord): LiveClass {
    let c = live.get(record.code);
    if (!c) {
      const fanout = createClassFanout(manager, options.fanout);
      const lc: LiveClass = {
        code: record.code,
        teachers: new Set(),
        students: new Map(),
        fanout,
        shown: Promise.resolve(),
        view: null,
        viewRev: 0,
        question: null,
        questionRev: 0,
        judge: null,
        revealHeld: false,
        touchedAt: -Infinity,
        syncing: false,
        budget: { tokens: limits.studentBurst, at: performance.now() },
        timers: {},
        sentAt: {},
        ended: false,
      };
      fanout.onAdvance = (runId, events, from, to) => {
        if (lc.judge && lc.judge.runId === runId && lc.judge.advance(events, from, to)) void recordDecision(lc).catch((error: unknown) => warn(error, lc, 'class decision failed'));
        if (lc.revealHeld) sendQuestion(lc);
      };
      const age = setTimeout(() => void endClass(lc, 'idle').catch((error: unknown) => warn(error, lc, 'ending a class failed')), Math.min(MAX_TIMER_MS, Math.max(0, record.createdAt + limits.maxAgeMs - now())));
      age.unref();
      lc.timers.age = age;
      live.set(record.code, lc);
      bus?.subscribe(record.code, (signal) => hear(lc, signal));
      // No teacher here (yet): the class ends when no teacher has been anywhere for the idle time.
      startIdle(lc);
      c = lc;
    }
    adopt(c, record);
    return c;
  }

  /** Applies what the record has that this node has not. */
  function adopt(c: LiveClass, record: ClassRecord): void {
    if (record.viewRev > c.viewRev && record.view) applyView(c, record.view, record.viewRev);
    if (record.questionRev > c.questionRev) applyQuestion(c, record.question, record.questionRev);
    void bindQuestion(c).then(() => revealIfDue(c)).catch((error: unknown) => warn(error, c, 'class reveal failed'));
  }

  // ── sending ───────────────────────────────────────────────────────────────────────────────────────

  /** One frame to every member of the class. */
  function toAll(c: LiveClass, message: ServerMessage): void {
    const frame = frameOf(message);
    c.fanout.broadcast(frame);
    for (const t of c.teachers) t.sendFrame(frame);
  }

  /** Runs `send` now if the last one is `interval` ms old, else once when it is (the latest state then). */
  function throttle(c: LiveClass, what: Throttled, interval: number, send: () => Promise<void> | void): void {
    if (c.timers[what] !== undefined || c.ended) return;
    const wait = (c.sentAt[what] ?? -Infinity) + interval - performance.now();
    const go = (): void => {
      c.timers[what] = undefined;
      if (c.ended) return;
      c.sentAt[what] = performance.now();
      void Promise.resolve(send()).catch((error: unknown) => warn(error, c, `class ${what} update failed`));
    };
    if (wait <= 0) {
      c.sentAt[what] = performance.now();
      c.timers[what] = undefined;
      void Promise.resolve(send()).catch((error: unknown) => warn(error, c, `class ${what} update failed`));
    } else {
      const timer = setTimeout(go, wait);
      c.timers[what] = timer;
    }
  }

  /** Tells the other nodes (a cluster's bus; nothing on a single server). */
  function tell(c: LiveClass, signal: ClassSignal): void {
    bus?.publish(c.code, signal);
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

  /** Students came or went: here, and on the other nodes (at most every presence interval). */
  function presenceChanged(c: LiveClass): void {
    schedulePresence(c);
    if (bus) throttle(c, 'tellPresence', limits.presenceIntervalMs, () => tell(c, { k: 'presence' }));
  }

  function answersChanged(c: LiveClass): void {
    sendQuestion(c, false);
    schedulePresence(c);
    if (bus) throttle(c, 'tellAnswers', limits.presenceIntervalMs, () => tell(c, { k: 'answers' }));
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

  /** Whether this node's students lack the event that proves the revealed answer (its run streams here more slowly than on the node that revealed it). */
  function proofPending(c: LiveClass): boolean {
    const q = c.question;
    return q?.phase === 'revealed' && q.result !== null && c.fanout.runId === q.runId && c.fanout.sent <= q.result.seq;
  }

  /** The question's state to everyone: at once (a change of phase) or throttled (a count). */
  function sendQuestion(c: LiveClass, now = true): void {
    const send = async (): Promise<void> => toAll(c, { type: 'class.question', question: await publicQuestion(c) });
    if (!now) return throttle(c, 'question', limits.presenceIntervalMs, send);
    c.revealHeld = proofPending(c);
    if (c.revealHeld) return;
    if (c.timers.question !== undefined) {
      clearTimeout(c.timers.question);
      c.timers.question = undefined;
    }
    c.sentAt.question = performance.now();
    void send().catch((error: unknown) => warn(error, c, 'class question update failed'));
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

  // ── the view and the question, from here or from another node ─────────────────────────────────────

  /** The teacher's view at revision `rev`; true when it shows another run (the fan-out follows it: `c.shown`). */
  function applyView(c: LiveClass, view: ClassView, rev: number): boolean {
    if (rev <= c.viewRev || c.ended) return false;
    const previous = c.view;
    c.view = view;
    c.viewRev = rev;
    if (view.runId === (previous?.runId ?? null)) {
      throttle(c, 'view', limits.viewIntervalMs, () => sendView(c));
      return false;
    }
    // The students learn of the new run before its first event reaches them.
    if (c.timers.view !== undefined) clearTimeout(c.timers.view);
    c.timers.view = undefined;
    c.sentAt.view = performance.now();
    sendView(c);
    c.shown = c.fanout.show(view.runId).catch((error: unknown) => warn(error, c, 'following the class run failed'));
    if (c.revealHeld) sendQuestion(c);
    return true;
  }

  /** The question at revision `rev`: judged here too while its run has not decided it; sent when what students see changed. */
  function applyQuestion(c: LiveClass, question: QuestionRecord | null, rev: number): void {
    if (rev <= c.questionRev || c.ended) return;
    const before = c.question;
    c.question = question;
    c.questionRev = rev;
    const visible = !before || !question || before.id !== question.id || before.phase !== question.phase || before.showTallies !== question.showTallies || before.runId !== question.runId;
    if (question?.phase === 'revealed' && c.timers.view !== undefined) {
      // The students' playhead passes the proof first (a view may be waiting for its interval), then the reveal.
      clearTimeout(c.timers.view);
      c.timers.view = undefined;
      c.sentAt.view = performance.now();
      sendView(c);
    }
    if (visible) sendQuestion(c);
    const runId = question?.runId ?? null;
    if (!question || runId === null || question.result) {
      c.judge = null;
      return;
    }
    if (c.judge?.runId === runId && before?.id === question.id) return;
    const asked = questionsOf(question.scenario).find((x) => x.id === question.id);
    c.judge = asked ? createQuestionJudge(asked, runId) : null;
    if (c.judge && c.fanout.runId === runId && c.fanout.sent > 0 && c.judge.advance(c.fanout.events, 0, c.fanout.sent)) {
      void recordDecision(c).catch((error: unknown) => warn(error, c, 'class decision failed'));
    }
  }

  /** A change this node made: applied here, told to the others. */
  function commitQuestion(c: LiveClass, change: QuestionChange): void {
    applyQuestion(c, change.question, change.rev);
    tell(c, { k: 'question', rev: change.rev, question: change.question });
  }

  /** What another node says. */
  function hear(c: LiveClass, signal: ClassSignal): void {
    if (c.ended) return;
    const fail = (error: unknown): void => warn(error, c, `class ${signal.k} from another node failed`);
    switch (signal.k) {
      case 'view':
        applyView(c, signal.view, signal.rev);
        // The teacher's node binds the question; should it have died first, any node may (the store lets one).
        void bindQuestion(c).then(() => revealIfDue(c)).catch(fail);
        return;
      case 'question':
        applyQuestion(c, signal.question, signal.rev);
        void revealIfDue(c).catch(fail);
        return;
      case 'presence':
        schedulePresence(c);
        return;
      case 'answers':
        sendQuestion(c, false);
        schedulePresence(c);
        return;
      case 'removed':
        expel(c, signal.studentId);
        schedulePresence(c);
        return;
      case 'ended':
        void endClass(c, signal.reason, 'here').catch(fail);
        return;
    }
  }

  /** With a bus, every `syncEveryMs`: touch for a teacher here; catch up with the record; end a class the store lost. */
  async function sync(c: LiveClass): Promise<void> {
    if (c.syncing || c.ended) return;
    c.syncing = true;
    try {
      if (c.teachers.size > 0 && performance.now() - c.touchedAt >= touchEveryMs) await touch(c);
      const record = await store.get(c.code);
      if (c.ended) return;
      // Gone without a word: Redis restarted empty (or the signal that it ended was lost).
      if (!record) return await endClass(c, 'server', 'here');
      adopt(c, record);
    } catch (error) {
      warn(error, c, 'class sync failed');
    } finally {
      c.syncing = false;
    }
  }

  async function touch(c: LiveClass): Promise<void> {
    c.touchedAt = performance.now();
    await store.touch(c.code, now());
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
      if (c.teachers.size === 0 && !c.ended) {
        // The idle time counts from now: the last teacher page here just left.
        await touch(c).catch((error: unknown) => warn(error, c, 'touching a class failed'));
        startIdle(c);
      }
      return;
    }
    c.students.delete(member);
    c.fanout.drop(member);
    if (m.studentId !== undefined) await store.leave(c.code, m.studentId);
    presenceChanged(c);
  }

  function becomeTeacher(c: LiveClass, member: ClassMember): void {
    memberships.set(member.id, { code: c.code, role: 'teacher' });
    c.teachers.add(member);
    if (c.timers.idle !== undefined) {
      clearTimeout(c.timers.idle);
      c.timers.idle = undefined;
    }
    void touch(c).catch((error: unknown) => warn(error, c, 'touching a class failed'));
  }

  function startIdle(c: LiveClass, after = limits.idleMs): void {
    if (c.timers.idle !== undefined || c.ended || c.teachers.size > 0) return;
    const timer = setTimeout(() => {
      c.timers.idle = undefined;
      void checkIdle(c).catch((error: unknown) => {
        warn(error, c, 'checking an idle class failed');
        // The store is away: look again shortly.
        startIdle(c, Math.min(limits.idleMs, 1000));
      });
    }, Math.min(MAX_TIMER_MS, after));
    timer.unref();
    c.timers.idle = timer;
  }

  /** No teacher here for the idle time: the class ends unless a teacher has been connected elsewhere since. */
  async function checkIdle(c: LiveClass): Promise<void> {
    if (c.ended || c.teachers.size > 0) return;
    const record = await store.get(c.code);
    if (c.ended || c.teachers.size > 0) return;
    if (!record) return endClass(c, 'idle', 'here');
    const left = record.teacherAt + limits.idleMs - now();
    if (left > 0) return startIdle(c, left);
    await endClass(c, 'idle');
  }

  /** The student's connections here are told they were removed, and leave. */
  function expel(c: LiveClass, studentId: string): void {
    for (const [m, id] of [...c.students]) {
      if (id !== studentId) continue;
      c.students.delete(m);
      c.fanout.drop(m);
      memberships.delete(m.id);
      m.send({ type: 'class.ended', code: c.code, reason: 'removed' });
      void store.leave(c.code, studentId).catch((error: unknown) => warn(error, c, 'leaving a class failed'));
    }
  }

  /**
   * Ends the class: `everywhere` takes it out of the store first (a failure leaves it as it was, for the
   * teacher to try again) and tells the other nodes; `here` only ends it for this node's connections (the
   * store no longer has it, or this node is shutting down and the class goes on elsewhere).
   */
  async function endClass(c: LiveClass, reason: ClassEndReason, scope: 'everywhere' | 'here' = 'everywhere'): Promise<void> {
    if (c.ended) return;
    let removed = false;
    if (scope === 'everywhere') {
      try {
        removed = await store.end(c.code);
      } catch (error) {
        // The teacher hears it; an idle or aged class ends here anyway (its keys expire in Redis).
        if (reason === 'ended') throw error;
        warn(error, c, 'ending a class in the store failed');
      }
      if (c.ended) return;
    }
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
    bus?.unsubscribe(c.code);
    if (removed) tell(c, { k: 'ended', reason });
  }

  // ── questions ─────────────────────────────────────────────────────────────────────────────────────

  /** A question still waiting for its run is decided by the first run the teacher shows after asking, of its lesson. */
  async function bindQuestion(c: LiveClass): Promise<void> {
    const q = c.question;
    const runId = c.view?.runId ?? null;
    if (!q || q.runId !== null || runId === null || runId === q.askedDuring || c.view?.scenario !== q.scenario) return;
    if (!questionsOf(q.scenario).some((x) => x.id === q.id)) return;
    // Answers close when the run that decides it is shown: nobody predicts what they have seen.
    const change = await store.updateQuestion(c.code, { id: q.id, runId: null }, { runId, phase: 'locked' });
    if (change) commitQuestion(c, change);
  }

  /** The judge here decided: recorded unless another node was first. */
  async function recordDecision(c: LiveClass): Promise<void> {
    const judge = c.judge;
    const result = judge?.result;
    const q = c.question;
    if (!judge || !result || !q || q.result || q.runId !== judge.runId) return;
    const change = await store.updateQuestion(c.code, { id: q.id, runId: judge.runId, result: 'none' }, { result });
    if (change) commitQuestion(c, change);
    await revealIfDue(c);
  }

  /** Reveals once the teacher's screen shows the proving event: live (the whole run) or a playhead past it. */
  async function revealIfDue(c: LiveClass): Promise<void> {
    const q = c.question;
    const v = c.view;
    if (c.ended || !q || q.phase === 'revealed' || !q.result || !v || v.runId !== q.runId) return;
    if (v.playhead !== null && v.playhead <= q.result.seq) return;
    const change = await store.updateQuestion(c.code, { id: q.id, runId: q.runId, result: 'some', phase: ['open', 'locked'] }, { phase: 'revealed' });
    if (change) commitQuestion(c, change);
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
      const teacherKey = randomBytes(16).toString('hex');
      const record = await store.create(hash(teacherKey), now(), limits.maxClasses);
      if (!record) return refuse(member, 'ERR_BUSY', `The server has ${limits.maxClasses} classes open, its most; end one first`, ref);
      const c = liveClass(record);
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
      const c = liveClass(record);
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
      const c = liveClass(record);
      memberships.set(member.id, { code, role: 'student', studentId: joined.student.id });
      c.students.set(member, joined.student.id);
      member.send(await snapshot(c, 'student', ref, joined.student));
      // A class new on this node is still reading its run: the student gets it from where they are.
      await c.shown;
      if (memberships.get(member.id)?.code !== code || c.ended) return;
      c.fanout.admit(member, runId === undefined ? undefined : { runId, fromSeq: fromSeq ?? 0 });
      presenceChanged(c);
    },

    async 'class.leave'(member) {
      await leave(member);
    },

    async 'class.view'(member, { view, ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      const rev = await store.setView(c.code, view);
      if (rev === null) return endClass(c, 'server', 'here');
      tell(c, { k: 'view', rev, view });
      applyView(c, view, rev);
      // Whoever applied the view first (this handler, or a sync that read it back meanwhile), the question binds once.
      await bindQuestion(c);
      await c.shown;
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
        const opened = await store.openQuestion(c.code, { id: question.id, scenario, askedDuring: c.view?.runId ?? null, varies: question.varies });
        if (!opened) return endClass(c, 'server', 'here');
        commitQuestion(c, opened);
        presenceChanged(c);
        return;
      }
      const q = c.question;
      if (!q) return refuse(member, 'ERR_UNKNOWN_QUESTION', `No question is open in class ${c.code}`, ref);
      let change: QuestionChange | null;
      if (action === 'close') change = await store.closeQuestion(c.code, q.id);
      else if (action === 'lock') change = await store.updateQuestion(c.code, { id: q.id, phase: ['open'] }, { phase: 'locked' });
      else change = await store.updateQuestion(c.code, { id: q.id }, { showTallies: action === 'show-tallies' });
      if (change) commitQuestion(c, change);
      else sendQuestion(c);
      if (action === 'close') presenceChanged(c);
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
      const result = await store.answer(c.code, studentId, questionId, choice, limits.maxAnswerChanges, 4 * limits.maxStudents);
      if (!result.ok) {
        if (result.reason === 'locked') return refuse(member, 'ERR_QUESTION_CLOSED', `The teacher has locked the answers to ${JSON.stringify(questionId)}`, ref);
        if (result.reason === 'limit') return refuse(member, 'ERR_CLASS_LIMIT', `At most ${limits.maxAnswerChanges} answers to one question, changes included; your last one stands`, ref);
        if (result.reason === 'full') return refuse(member, 'ERR_CLASS_LIMIT', `Question ${JSON.stringify(questionId)} has answers from ${4 * limits.maxStudents} students, its most; yours was not counted`, ref);
        return refuse(member, 'ERR_UNKNOWN_QUESTION', `Question ${JSON.stringify(questionId)} is not open in class ${c.code}`, ref, 'questionId');
      }
      member.send({ type: 'class.answered', questionId, choice, ...(ref === undefined ? {} : { ref }) });
      answersChanged(c);
    },

    async 'class.remove'(member, { studentId, ref }) {
      const c = teacherOf(member, ref);
      if (!c) return;
      const removed = await store.remove(c.code, studentId);
      if (!removed) return refuse(member, 'ERR_NOT_IN_CLASS', `No student ${studentId} in class ${c.code}`, ref, 'studentId');
      expel(c, studentId);
      tell(c, { k: 'removed', studentId });
      presenceChanged(c);
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
      try {
        await handler(member, message);
      } catch (error) {
        // The store is away (Redis): nothing was changed; the page may try again.
        if (!(error instanceof ClassStoreUnavailableError)) throw error;
        refuse(member, 'ERR_BUSY', error.message, message.ref);
      }
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
      if (syncer) clearInterval(syncer);
      // A node of a cluster that stops leaves its classes to the other nodes (its pages reconnect there).
      for (const c of [...live.values()]) void endClass(c, 'server', bus ? 'here' : 'everywhere').catch((error: unknown) => warn(error, c, 'ending a class failed'));
    },
  };
}
