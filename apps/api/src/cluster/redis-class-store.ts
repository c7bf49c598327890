// The class store in Redis (classes/class-store.ts), shared by every API node of a cluster: the same
// answers as the memory store, each change one script (class-scripts.ts) so that nodes racing on a code,
// a cap or a lock cannot both win. Every key of a class lives `keepMs` past the last touch of a teacher
// (the idle time and a margin): a class nobody ends leaves nothing behind.
//
// Connections are counted here, per node: a student is present through this node from their first
// connection here to their last one leaving. The node's set of them in Redis is renewed every second and
// expires after `presenceTtlMs`, so the students of a node that dies stop counting within seconds (and
// count again at once when they reconnect to another node: their key makes them the same student).
import type { ClassView, RosterEntry } from '@forkscope/protocol';
import { ClassStoreUnavailableError, questionMeets, type AnswerResult, type ClassRecord, type ClassStore, type JoinResult, type QuestionChange, type QuestionRecord, type StudentRecord } from '../classes/class-store.js';
import { newClassCode, newStudentId } from '../classes/class-code.js';
import { KEY } from './cluster-keys.js';
import { isConnectionError, redactRedisUrl, type ClusterRedis } from './redis-connection.js';

export interface RedisClassStoreOptions {
  /** This node's name (its presence set). */
  nodeId: string;
  /** How long a class's keys outlive the last touch of a teacher, ms. */
  keepMs: number;
  /** How long this node's presence set outlives its last renewal, ms. Default 5000. */
  presenceTtlMs?: number;
  /** How often it is renewed, ms. Default 1000. */
  renewEveryMs?: number;
  /** For errors: the Redis URL (shown without its password). */
  url: string;
  onError?: (error: unknown, context: string) => void;
}

export interface RedisClassStore extends ClassStore {
  /** Stops renewing; this node's students stop counting as present at once. */
  close(): Promise<void>;
}

/** Tries of a change that lost a race (another node changed the question between the read and the write). */
const QUESTION_TRIES = 8;

export function createRedisClassStore(redis: ClusterRedis, options: RedisClassStoreOptions): RedisClassStore {
  const { nodeId, keepMs } = options;
  const presenceTtlMs = options.presenceTtlMs ?? 5000;
  const at = (code: string): string => KEY.classAt(code, '');
  /** code → student id → this node's connections of that student, and whether they have no key. */
  const here = new Map<string, Map<string, { connections: number; keyless: boolean }>>();
  /** Classes whose set in Redis may differ from `here` (a join or leave without an answer); and joins or leaves in flight per class. */
  const dirty = new Set<string>();
  const inFlight = new Map<string, number>();
  redis.on('ready', () => {
    for (const code of here.keys()) dirty.add(code);
  });

  /** A join or leave: counted in flight (the set is not rewritten meanwhile); without an answer, the set is rewritten after. */
  async function presenceChange<T>(code: string, change: () => Promise<T>): Promise<T> {
    inFlight.set(code, (inFlight.get(code) ?? 0) + 1);
    try {
      return await change();
    } catch (error) {
      dirty.add(code);
      throw error;
    } finally {
      const n = (inFlight.get(code) ?? 1) - 1;
      if (n === 0) inFlight.delete(code);
      else inFlight.set(code, n);
    }
  }

  async function guard<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      throw new ClassStoreUnavailableError(
        `The classroom's Redis (${redactRedisUrl(options.url)}) cannot be reached (${(error as Error).message.split('\n')[0]}); nothing was changed, try again shortly`,
        { cause: error },
      );
    }
  }

  const classKeys = (code: string): string[] => [KEY.class(code), KEY.classStudents(code), KEY.classAnswers(code), KEY.classNodes(code)];

  function parseRecord(code: string, h: Record<string, string>): ClassRecord | null {
    if (h.teacher === undefined) return null;
    return {
      code,
      createdAt: Number(h.createdAt),
      teacherKeyHash: h.teacher,
      view: h.view ? (JSON.parse(h.view) as ClassView) : null,
      question: h.question ? (JSON.parse(h.question) as QuestionRecord) : null,
      viewRev: Number(h.vrev ?? 0),
      questionRev: Number(h.qrev ?? 0),
      teacherAt: Number(h.teacherAt ?? h.createdAt),
    };
  }

  function setQuestion(code: string, rev: string, question: QuestionRecord | null, clear: boolean): Promise<number> {
    return redis.fsClassQuestion(KEY.class(code), KEY.classAnswers(code), rev, question ? JSON.stringify(question) : '', question?.id ?? '', question?.phase ?? '', clear ? 1 : 0) as Promise<number>;
  }

  /** Reads the question, decides, writes it if nobody changed it meanwhile (else reads again). */
  async function changeQuestion(code: string, decide: (question: QuestionRecord | null) => QuestionRecord | null | false, clear: boolean): Promise<QuestionChange | null> {
    for (let i = 0; i < QUESTION_TRIES; i++) {
      const [json, rev] = await redis.hmget(KEY.class(code), 'question', 'qrev');
      if (typeof rev !== 'string') return null;
      const next = decide(json ? (JSON.parse(json) as QuestionRecord) : null);
      if (next === false) return null;
      const written = await setQuestion(code, rev, next, clear);
      if (written === -1) return null;
      if (written > 0) return { question: next, rev: written };
    }
    return null;
  }

  // This node's students stay present while it lives.
  const renewer = setInterval(() => void renew(), options.renewEveryMs ?? 1000);
  renewer.unref();
  let renewing = false;
  async function renew(): Promise<void> {
    if (renewing || redis.status !== 'ready') return;
    renewing = true;
    try {
      for (const [code, students] of [...here]) {
        const ids = [...students].filter(([, s]) => s.connections > 0).map(([id]) => id);
        const replace = dirty.has(code) && !inFlight.has(code);
        if (ids.length === 0 && !replace) {
          here.delete(code);
          continue;
        }
        const alive = await redis.fsClassHere(KEY.class(code), KEY.classNodes(code), KEY.classAt(code, nodeId), nodeId, presenceTtlMs, replace ? 1 : 0, ...ids);
        if (replace) dirty.delete(code);
        if (alive === 0 || ids.length === 0) here.delete(code);
      }
    } catch (error) {
      if (!isConnectionError(error)) options.onError?.(error, 'renewing class presence');
    } finally {
      renewing = false;
    }
  }

  return {
    create: (teacherKeyHash, now, maxClasses) =>
      guard(async () => {
        for (;;) {
          const code = newClassCode();
          const made = await redis.fsClassCreate(KEY.class(code), KEY.classes, code, now, teacherKeyHash, keepMs, maxClasses);
          if (made === 0) return null;
          // 31^6 codes: a collision with an open class is rare, and a new draw settles it.
          if (made === 1) return { code, createdAt: now, teacherKeyHash, view: null, question: null, viewRev: 0, questionRev: 0, teacherAt: now };
        }
      }),

    get: (code) => guard(async () => parseRecord(code, await redis.hgetall(KEY.class(code)))),

    count: () =>
      guard(async () => {
        const replies = await redis.multi().zremrangebyscore(KEY.classes, '-inf', Date.now()).zcard(KEY.classes).exec();
        return Number(replies?.[1]?.[1] ?? 0);
      }),

    touch: (code, now) => guard(async () => (await redis.fsClassTouch(...classKeys(code), KEY.classes, code, now, keepMs)) === 1),

    end: (code) =>
      guard(async () => {
        here.delete(code);
        return (await redis.fsClassEnd(...classKeys(code), KEY.classes, code, at(code))) === 1;
      }),

    join: (code, { keyHash, name }, maxStudents) =>
      guard(async (): Promise<JoinResult> => {
        let students = here.get(code);
        if (!students) here.set(code, (students = new Map()));
        const mineNow = students;
        return presenceChange(code, async (): Promise<JoinResult> => {
          for (;;) {
            const reply = (await redis.fsClassJoin(
              KEY.class(code), KEY.classStudents(code), KEY.classNodes(code), KEY.classAt(code, nodeId),
              keyHash ?? '', name === null ? 0 : 1, name ?? '', maxStudents, newStudentId(), nodeId, at(code), presenceTtlMs,
            )) as [string, string?, number?, number?, (string | null)?];
            const [verdict, id, rejoined, present, storedName] = reply;
            if (verdict === 'taken') continue;
            if (verdict !== 'ok') return { ok: false, reason: verdict as 'unknown' | 'removed' | 'full' };
            const mine = mineNow.get(id!) ?? { connections: 0, keyless: keyHash === null };
            mine.connections += 1;
            mineNow.set(id!, mine);
            return { ok: true, student: { id: id!, keyHash, name: storedName ?? null }, present: present!, rejoined: rejoined === 1 };
          }
        });
      }),

    leave: (code, studentId) =>
      guard(async () => {
        const mine = here.get(code)?.get(studentId);
        if (mine && mine.connections > 1) {
          mine.connections -= 1;
          return (await redis.fsClassPresent(KEY.classNodes(code), at(code))) as number;
        }
        here.get(code)?.delete(studentId);
        return presenceChange(code, async () => (await redis.fsClassLeave(KEY.class(code), KEY.classStudents(code), KEY.classNodes(code), KEY.classAt(code, nodeId), studentId, mine?.keyless ? 1 : 0, at(code))) as number);
      }),

    remove: (code, studentId) =>
      guard(async (): Promise<StudentRecord | null> => {
        const reply = (await redis.fsClassRemove(KEY.class(code), KEY.classStudents(code), KEY.classNodes(code), studentId, at(code))) as [string, string | null] | null;
        if (!reply) return null;
        return { id: studentId, keyHash: reply[0] === '' ? null : reply[0], name: reply[1] ?? null };
      }),

    present: (code) => guard(async () => (await redis.fsClassPresent(KEY.classNodes(code), at(code))) as number),

    roster: (code) =>
      guard(async (): Promise<RosterEntry[]> => {
        const flat = (await redis.fsClassRoster(KEY.class(code), KEY.classStudents(code), KEY.classAnswers(code), KEY.classNodes(code), at(code))) as (string | number)[];
        const out: RosterEntry[] = [];
        for (let i = 0; i + 3 < flat.length; i += 4) out.push({ id: String(flat[i]), name: flat[i + 2] === 1 ? String(flat[i + 1]) : null, answered: flat[i + 3] === 1 });
        return out;
      }),

    setView: (code, view) =>
      guard(async () => {
        const rev = (await redis.fsClassView(KEY.class(code), JSON.stringify(view))) as number;
        return rev === -1 ? null : rev;
      }),

    openQuestion: (code, question) =>
      guard(async () => {
        const record: QuestionRecord = { ...question, phase: 'open', showTallies: false, runId: null, result: null };
        const rev = await setQuestion(code, '', record, true);
        return rev === -1 ? null : { question: record, rev };
      }),

    updateQuestion: (code, when, patch) =>
      guard(() => changeQuestion(code, (question) => (questionMeets(question, when) ? { ...question, ...patch } : false), false)),

    closeQuestion: (code, id) => guard(() => changeQuestion(code, (question) => (question?.id === id ? null : false), true)),

    answer: (code, studentId, questionId, choice, maxChanges, maxAnswers) =>
      guard(async (): Promise<AnswerResult> => {
        const [verdict, answered] = (await redis.fsClassAnswer(KEY.class(code), KEY.classStudents(code), KEY.classAnswers(code), questionId, choice, maxChanges, studentId, maxAnswers)) as [string, number?];
        if (verdict === 'ok') return { ok: true, answered: answered! };
        return { ok: false, reason: verdict as Exclude<AnswerResult, { ok: true }>['reason'] };
      }),

    answerOf: (code, studentId) => guard(() => redis.hget(KEY.classAnswers(code), `a:${studentId}`)),

    tallies: (code) =>
      guard(async () => {
        const all = await redis.hgetall(KEY.classAnswers(code));
        const tallies: Record<string, number> = {};
        let answered = 0;
        for (const [field, choice] of Object.entries(all)) {
          if (!field.startsWith('a:')) continue;
          answered += 1;
          tallies[choice] = (tallies[choice] ?? 0) + 1;
        }
        return { answered, tallies };
      }),

    async close() {
      clearInterval(renewer);
      const codes = [...here.keys()];
      here.clear();
      if (redis.status !== 'ready' || codes.length === 0) return;
      await redis.del(...codes.map((code) => KEY.classAt(code, nodeId))).catch(() => {});
    },
  };
}
