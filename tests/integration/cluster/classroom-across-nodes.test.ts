// One class across two API nodes, a lesson worker and one Redis, each a real process: the teacher on
// node A, students on A and B are one class — presence, answers and tallies count them all, the teacher's
// view and the reveal reach every node, a removal and the end reach whoever is told, and the class leaves
// no key behind. A student whose node dies reconnects to the other and is the same student; a Redis that
// restarts empty ends the class for everyone, says so on the health endpoint meanwhile, and breaks nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassQuestion, ClassView, ServerMessage } from '@forkscope/protocol';
import { connect, withRef, type TestClient } from '../api/support/ws-client.js';
import { keys, startCluster, type ApiNode, type TestCluster } from './support/cluster.js';

type Msg<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

const OWNER_KEY = 'teacher-tab-owner-key-0123456789';
const key = (n: number) => `student-key-${n}-0123456789abcdefghij`;
const questionWhere = (p: (q: ClassQuestion) => boolean) => (m: ServerMessage) => m.type === 'class.question' && m.question !== null && p(m.question);

function view(patch: Partial<ClassView>): ClassView {
  return { scenario: null, runId: null, playhead: null, clock: 0, playing: false, speed: 1, window: null, selectedSeq: null, ...patch };
}

let cluster: TestCluster;
const clients: TestClient[] = [];
async function client(node: ApiNode): Promise<TestClient> {
  const c = await connect(node.wsUrl);
  clients.push(c);
  return c;
}

async function openClass(node: ApiNode): Promise<{ teacher: TestClient; code: string }> {
  const teacher = await client(node);
  teacher.send({ type: 'class.create', ref: 'c' });
  const created = await teacher.waitFor<Msg<'class.created'>>(withRef('c'));
  await teacher.waitFor((m) => m.type === 'class.joined' && m.role === 'teacher');
  return { teacher, code: created.code };
}

async function join(node: ApiNode, code: string, extra: Record<string, unknown> = {}): Promise<{ student: TestClient; joined: Msg<'class.joined'> | Msg<'error'> }> {
  const student = await client(node);
  student.send({ type: 'class.join', code, ref: 'j', ...extra });
  const joined = await student.waitFor<Msg<'class.joined'> | Msg<'error'>>(withRef('j'));
  return { student, joined };
}

async function health(node: ApiNode): Promise<{ status: number; body: { ok: boolean; missing: string[] } }> {
  const res = await fetch(`${node.base}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; missing: string[] } };
}

describe('the classroom across nodes', () => {
  beforeAll(async () => {
    cluster = await startCluster(2, 1, { capacity: 2 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  }, 30_000);

  it('is one class for students on every node: presence, answers, tallies, the view, the reveal, a removal and the end', async () => {
    const [a, b] = cluster.nodes as [ApiNode, ApiNode];
    const { teacher, code } = await openClass(a);
    const s1 = (await join(a, code, { studentKey: key(1), name: 'Ana' })).student;
    const s2 = (await join(b, code, { studentKey: key(2), name: 'Bo' })).student;
    const { student: s3, joined: j3 } = await join(b, code, { studentKey: key(3) });
    expect(j3).toMatchObject({ type: 'class.joined', role: 'student', code });
    // Presence counts both nodes' students, on both nodes.
    await teacher.waitFor((m) => m.type === 'class.presence' && m.students === 3);
    await s1.waitFor((m) => m.type === 'class.presence' && m.students === 3);
    await s2.waitFor((m) => m.type === 'class.presence' && m.students === 3);
    const roster = await teacher.waitFor<Msg<'class.roster'>>((m) => m.type === 'class.roster' && m.students.length === 3);
    expect(roster.students.map((s) => s.name).sort()).toEqual(['Ana', 'Bo', null]);

    // The teacher on A picks the lesson and asks; students on B see both.
    teacher.send({ type: 'class.view', view: view({ scenario: 'daemon-killed-at-main-end' }) });
    await s2.waitFor((m) => m.type === 'class.view' && m.view.scenario === 'daemon-killed-at-main-end');
    teacher.send({ type: 'class.question', action: 'open', scenario: 'daemon-killed-at-main-end', questionId: 'end123' });
    for (const s of [s1, s2, s3]) await s.waitFor(questionWhere((q) => q.id === 'end123' && q.phase === 'open'));
    s1.send({ type: 'class.answer', questionId: 'end123', choice: 'yes', ref: 'a1' });
    s2.send({ type: 'class.answer', questionId: 'end123', choice: 'no', ref: 'a2' });
    s3.send({ type: 'class.answer', questionId: 'end123', choice: 'no', ref: 'a3' });
    for (const [s, ref] of [[s1, 'a1'], [s2, 'a2'], [s3, 'a3']] as const) expect(await s.waitFor(withRef(ref))).toMatchObject({ type: 'class.answered' });
    // The teacher counts answers from both nodes; shown, the tallies reach the students on B.
    await teacher.waitFor(questionWhere((q) => q.answered === 3));
    await teacher.waitFor((m) => m.type === 'class.roster' && m.students.length === 3 && m.students.every((s) => s.answered));
    teacher.send({ type: 'class.question', action: 'show-tallies' });
    await teacher.waitFor(questionWhere((q) => q.tallies?.no === 2 && q.tallies.yes === 1));
    await s2.waitFor(questionWhere((q) => q.tallies?.no === 2 && q.tallies.yes === 1));

    // The teacher runs (a worker executes it) and shows the run: students on both nodes follow it, the
    // question locks on both (a late answer through B is refused), and the reveal reaches both.
    teacher.send({ type: 'run', scenario: 'daemon-killed-at-main-end', driver: 'node', ownerKey: OWNER_KEY, ref: 'run' });
    const { runId } = await teacher.waitFor<Msg<'run.accepted'>>(withRef('run'));
    teacher.send({ type: 'class.view', view: view({ scenario: 'daemon-killed-at-main-end', runId }) });
    await s3.waitFor(questionWhere((q) => q.phase === 'locked' && q.runId === runId));
    s3.send({ type: 'class.answer', questionId: 'end123', choice: 'yes', ref: 'late' });
    expect(await s3.waitFor(withRef('late'))).toMatchObject({ type: 'error', code: 'ERR_QUESTION_CLOSED' });
    const teacherEvents = await teacher.runEnded(runId);
    for (const s of [s1, s2, s3]) {
      const revealed = (await s.waitFor<Msg<'class.question'>>(questionWhere((q) => q.phase === 'revealed'))).question!;
      expect(revealed.result).toMatchObject({ status: 'decided', choice: 'no' });
      expect(revealed.tallies).toEqual({ no: 2, yes: 1 });
      // Each student already holds the proving event when the reveal comes, on whichever node.
      const at = s.messages.findIndex((m) => m.type === 'class.question' && m.question?.phase === 'revealed');
      const seqs = s.messages.slice(0, at).flatMap((m) => (m.type === 'events' && m.runId === runId ? m.events.map((e) => e.seq) : []));
      expect(seqs).toContain(revealed.result!.seq);
      expect((await s.runEnded(runId)).map((e) => e.seq)).toEqual(teacherEvents.map((e) => e.seq));
    }
    // Right or wrong, as each student's page works it out: their answer against the revealed one.
    const answerOf = (s: TestClient) => s.messages.filter((m): m is Msg<'class.answered'> => m.type === 'class.answered').at(-1)!.choice;
    expect([s1, s2, s3].map(answerOf)).toEqual(['yes', 'no', 'no']);
    // Only one node revealed it: each student was told once.
    for (const s of [s1, s2, s3]) expect(s.messages.filter(questionWhere((q) => q.phase === 'revealed'))).toHaveLength(1);

    // The teacher's view (playhead, zoom, highlight) reaches students on B.
    teacher.send({ type: 'class.view', view: view({ scenario: 'daemon-killed-at-main-end', runId, playhead: 3, window: { from: 10, to: 2000 }, selectedSeq: 2 }) });
    await s2.waitFor((m) => m.type === 'class.view' && m.view.playhead === 3 && m.view.window?.to === 2000 && m.view.selectedSeq === 2);

    // The teacher on A removes a student on B: that page is told, its key may not come back (through A).
    const s3Id = (j3 as Msg<'class.joined'>).studentId!;
    teacher.send({ type: 'class.remove', studentId: s3Id });
    expect(await s3.waitFor((m) => m.type === 'class.ended')).toMatchObject({ code, reason: 'removed' });
    const { joined: back } = await join(a, code, { studentKey: key(3) });
    expect(back).toMatchObject({ type: 'error', code: 'ERR_REMOVED' });
    await teacher.waitFor((m) => m.type === 'class.presence' && m.students === 2);

    // The end: students on both nodes are told, the code stops working on both, and Redis keeps nothing of the class.
    teacher.send({ type: 'class.end' });
    for (const s of [s1, s2]) expect(await s.waitFor((m) => m.type === 'class.ended' && m.reason === 'ended')).toMatchObject({ code });
    for (const node of [a, b]) expect((await join(node, code)).joined).toMatchObject({ type: 'error', code: 'ERR_UNKNOWN_CLASS' });
    expect(keys(cluster.redis, 'forkscope:class*')).toEqual([]);
  }, 60_000);

  it('a student whose node dies reconnects to another node and is the same student, in the same class', async () => {
    const [a, b] = cluster.nodes as [ApiNode, ApiNode];
    const { teacher, code } = await openClass(a);
    teacher.send({ type: 'class.question', action: 'open', scenario: 'pids', questionId: 'ppid' });
    const { student, joined } = await join(b, code, { studentKey: key(7), name: 'Cy' });
    if (joined.type !== 'class.joined') throw new Error(`refused: ${joined.message}`);
    expect(joined.question).toMatchObject({ id: 'ppid', phase: 'open' });
    student.send({ type: 'class.answer', questionId: 'ppid', choice: 'main', ref: 'ans' });
    await student.waitFor(withRef('ans'));
    await teacher.waitFor((m) => m.type === 'class.roster' && m.students.length === 1 && m.students[0]!.answered);

    await b.kill();
    cluster.nodes.splice(cluster.nodes.indexOf(b), 1);
    // The page reconnects (a load balancer sends it to A) and joins with its key.
    const { student: again, joined: rejoined } = await join(a, code, { studentKey: key(7) });
    expect(rejoined).toMatchObject({ type: 'class.joined', role: 'student', studentId: joined.studentId, name: 'Cy', answer: 'main', students: 1 });
    // Still one student (B's share of presence expires; A's holds): the teacher's roster says so.
    await teacher.waitFor((m) => m.type === 'class.roster' && m.students.length === 1 && m.students[0]!.id === joined.studentId);
    again.send({ type: 'class.answer', questionId: 'ppid', choice: 'self', ref: 'change' });
    expect(await again.waitFor(withRef('change'))).toMatchObject({ type: 'class.answered', choice: 'self' });
    await teacher.waitFor(questionWhere((q) => q.answered === 1));
    teacher.send({ type: 'class.end' });
    await again.waitFor((m) => m.type === 'class.ended');
    await expect.poll(() => keys(cluster.redis, 'forkscope:class*'), { timeout: 5000, interval: 100 }).toEqual([]);
  }, 30_000);

  it('Redis restarted empty: the class ends for everyone once it is back, health says what is missing meanwhile, nothing crashes', async () => {
    const [a] = cluster.nodes as [ApiNode];
    const { teacher, code } = await openClass(a);
    const { student } = await join(a, code, { studentKey: key(8) });
    await teacher.waitFor((m) => m.type === 'class.presence' && m.students === 1);

    await cluster.redis.kill();
    await expect.poll(async () => (await health(a)).status, { timeout: 5000, interval: 50 }).toBe(503);
    expect((await health(a)).body.missing).toEqual([expect.stringMatching(/^redis: not connected/)]);
    // Meanwhile a class message is answered at once, with a code, and changes nothing.
    const late = await client(a);
    late.send({ type: 'class.join', code, ref: 'during' });
    expect(await late.waitFor(withRef('during'))).toMatchObject({ type: 'error', code: 'ERR_BUSY', message: expect.stringContaining('cannot be reached') });
    teacher.send({ type: 'class.question', action: 'open', scenario: 'pids', questionId: 'ppid', ref: 'q' });
    expect(await teacher.waitFor(withRef('q'))).toMatchObject({ type: 'error', code: 'ERR_BUSY' });

    await cluster.redis.start();
    // The new Redis has no class: the node ends it for its pages, saying the server ended it.
    for (const c of [teacher, student]) expect(await c.waitFor((m) => m.type === 'class.ended')).toMatchObject({ code, reason: 'server' });
    await expect.poll(async () => (await health(a)).body, { timeout: 10_000, interval: 100 }).toMatchObject({ ok: true, missing: [] });
    // The node goes on: a new class works.
    const fresh = await openClass(a);
    const { joined } = await join(a, fresh.code);
    expect(joined).toMatchObject({ type: 'class.joined', role: 'student' });
    expect(a.child.exitCode).toBeNull();
  }, 40_000);
});
