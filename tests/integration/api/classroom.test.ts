// The classroom against the real server and real runs: a teacher and students on their own connections.
// What a student sends reaches the server only; students follow the teacher's run (events in order, the
// late joiner from the start), predict, and see the answer revealed at the event that proves it; students
// cannot start, cancel or steer; a reload keeps the class; an ended class tells everyone.
import { describe, expect, it } from 'vitest';
import type { ClassQuestion, ClassView, ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { startTestServer } from './support/server.js';
import { connect, withRef, type TestClient } from './support/ws-client.js';

type Msg<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

const OWNER_KEY = 'teacher-tab-owner-key-0123456789';

function view(patch: Partial<ClassView>): ClassView {
  return { scenario: null, runId: null, playhead: null, clock: 0, playing: false, speed: 1, window: null, selectedSeq: null, ...patch };
}

async function openClass(url: string): Promise<{ teacher: TestClient; code: string; teacherKey: string }> {
  const teacher = await connect(url);
  teacher.send({ type: 'class.create', ref: 'c' });
  const created = await teacher.waitFor<Msg<'class.created'>>((m) => m.type === 'class.created');
  await teacher.waitFor((m) => m.type === 'class.joined' && m.role === 'teacher');
  return { teacher, code: created.code, teacherKey: created.teacherKey };
}

async function join(url: string, code: string, extra: Record<string, unknown> = {}): Promise<{ client: TestClient; joined: Msg<'class.joined'> }> {
  const client = await connect(url);
  client.send({ type: 'class.join', code, ref: 'j', ...extra });
  const joined = await client.waitFor<Msg<'class.joined'>>((m) => (m.type === 'class.joined' || m.type === 'error') && 'ref' in m && m.ref === 'j');
  return { client, joined };
}

const questionWhere = (p: (q: ClassQuestion) => boolean) => (m: ServerMessage) => m.type === 'class.question' && m.question !== null && p(m.question);
const key = (n: number) => `student-key-${n}-0123456789abcdefghij`;

describe('a lesson', () => {
  it('students join by code, predict, follow the run and see the answer revealed at its proof; students cannot steer; a reload keeps the class; the end tells everyone', async () => {
    const server = await startTestServer();
    const { teacher, code, teacherKey } = await openClass(server.wsUrl);
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);

    const s1 = (await join(server.wsUrl, code, { studentKey: key(1), name: '<b>Ana</b>' })).client;
    const s2 = (await join(server.wsUrl, code, { studentKey: key(2), name: 'Bo' })).client;
    const { client: s3, joined: j3 } = await join(server.wsUrl, code);
    expect(j3).toMatchObject({ role: 'student', name: null, view: null, question: null });
    await teacher.waitFor((m) => m.type === 'class.presence' && m.students === 3);
    const roster = await teacher.waitFor<Msg<'class.roster'>>((m) => m.type === 'class.roster' && m.students.length === 3);
    // Names are kept as typed (pages show them as text); students never see each other's.
    expect(roster.students.map((s) => s.name).sort()).toEqual(['<b>Ana</b>', 'Bo', null]);
    for (const s of [s1, s2, s3]) expect(s.messages.some((m) => m.type === 'class.roster')).toBe(false);

    // The lesson, and a question before the run.
    teacher.send({ type: 'class.view', view: view({ scenario: 'daemon-killed-at-main-end' }) });
    teacher.send({ type: 'class.question', action: 'open', scenario: 'daemon-killed-at-main-end', questionId: 'end123', ref: 'q' });
    for (const s of [s1, s2, s3]) await s.waitFor(questionWhere((q) => q.id === 'end123' && q.phase === 'open'));
    s1.send({ type: 'class.answer', questionId: 'end123', choice: 'maybe', ref: 'bad' });
    expect(await s1.waitFor(withRef('bad'))).toMatchObject({ type: 'error', code: 'ERR_BAD_MESSAGE', field: 'choice' });
    s1.send({ type: 'class.answer', questionId: 'end123', choice: 'yes', ref: 'a1' });
    s1.send({ type: 'class.answer', questionId: 'end123', choice: 'no', ref: 'a2' });
    s2.send({ type: 'class.answer', questionId: 'end123', choice: 'yes', ref: 'a3' });
    s3.send({ type: 'class.answer', questionId: 'end123', choice: 'no', ref: 'a4' });
    expect(await s1.waitFor(withRef('a2'))).toMatchObject({ type: 'class.answered', choice: 'no' });
    await s3.waitFor(withRef('a4'));
    // Before the teacher shows them, tallies stay with the server; the count does not.
    await teacher.waitFor(questionWhere((q) => q.answered === 3));
    expect(teacher.messages.filter((m) => m.type === 'class.question').every((m) => (m as Msg<'class.question'>).question?.tallies === null)).toBe(true);
    teacher.send({ type: 'class.question', action: 'show-tallies' });
    await s2.waitFor(questionWhere((q) => q.tallies?.no === 2 && q.tallies.yes === 1));

    // Students may not start, steer or teach.
    s1.send({ type: 'run', scenario: 'pids', ref: 'r' });
    expect(await s1.waitFor(withRef('r'))).toMatchObject({ type: 'error', code: 'ERR_NOT_TEACHER' });
    s1.send({ type: 'class.view', view: view({}), ref: 'v' });
    expect(await s1.waitFor(withRef('v'))).toMatchObject({ type: 'error', code: 'ERR_NOT_TEACHER' });
    s1.send({ type: 'class.end', ref: 'e' });
    expect(await s1.waitFor(withRef('e'))).toMatchObject({ type: 'error', code: 'ERR_NOT_TEACHER' });

    // The teacher runs; the students follow.
    teacher.send({ type: 'run', scenario: 'daemon-killed-at-main-end', driver: 'node', ownerKey: OWNER_KEY, ref: 'run' });
    const { runId } = await teacher.waitFor<Msg<'run.accepted'>>(withRef('run'));
    teacher.send({ type: 'class.view', view: view({ scenario: 'daemon-killed-at-main-end', runId }) });
    // Shown the run that decides it, the question locks.
    await s3.waitFor(questionWhere((q) => q.phase === 'locked' && q.runId === runId));
    s3.send({ type: 'class.answer', questionId: 'end123', choice: 'yes', ref: 'late' });
    expect(await s3.waitFor(withRef('late'))).toMatchObject({ type: 'error', code: 'ERR_QUESTION_CLOSED' });
    await s2.waitFor((m) => m.type === 'events' && m.runId === runId && m.events.some((e) => e.type === 'process.running'));
    s2.send({ type: 'cancel', runId, ref: 'x' });
    expect(await s2.waitFor(withRef('x'))).toMatchObject({ type: 'error', code: 'ERR_NOT_OWNER' });

    const revealed = (await s1.waitFor<Msg<'class.question'>>(questionWhere((q) => q.phase === 'revealed'))).question!;
    expect(revealed.result).toMatchObject({ status: 'decided', choice: 'no', varies: false });
    expect(revealed.tallies).toEqual({ no: 2, yes: 1 });
    // Revealed when the proof arrived: every student already holds the proving event.
    for (const s of [s1, s2, s3]) {
      const at = s.messages.findIndex((m) => m.type === 'class.question' && m.question?.phase === 'revealed');
      const seqs = s.messages.slice(0, at === -1 ? undefined : at).flatMap((m) => (m.type === 'events' && m.runId === runId ? m.events.map((e) => e.seq) : []));
      if (at !== -1) expect(seqs).toContain(revealed.result!.seq);
    }
    const proof = (await teacher.runEnded(runId)).find((e) => e.seq === revealed.result!.seq)!;
    expect(proof).toMatchObject({ type: 'process.exited', exitCode: -15 });

    // Everyone has the same events, in order, once each.
    const teacherEvents = teacher.events(runId);
    for (const s of [s1, s2, s3]) expect((await s.runEnded(runId)).map((e) => e.seq)).toEqual(teacherEvents.map((e) => e.seq));

    // A late joiner: the class as it stands, then the run from its first event.
    const { client: late, joined: lateJoined } = await join(server.wsUrl, code, { name: 'Late' });
    expect(lateJoined).toMatchObject({ view: { runId }, question: { id: 'end123', phase: 'revealed' }, answer: null });
    expect((await late.runEnded(runId)).map((e) => e.seq)).toEqual(teacherEvents.map((e: ForkscopeEvent) => e.seq));
    // One serialisation per batch for the whole class, whatever the number of students.
    const fanout = server.app.forkscope.classes.fanoutOf(code)!;
    const batches = s1.messages.filter((m) => m.type === 'events' && m.runId === runId).length;
    expect(fanout.serialisations).toBeLessThanOrEqual(batches + 1);

    // The teacher's page reloads: its key makes the new connection the teacher again.
    await teacher.close();
    const again = await connect(server.wsUrl);
    again.send({ type: 'class.teach', code, teacherKey: 'f'.repeat(32), ref: 'wrong' });
    expect(await again.waitFor(withRef('wrong'))).toMatchObject({ type: 'error', code: 'ERR_UNKNOWN_CLASS' });
    again.send({ type: 'class.teach', code, teacherKey, ref: 't' });
    expect(await again.waitFor(withRef('t'))).toMatchObject({ type: 'class.joined', role: 'teacher', view: { runId }, question: { phase: 'revealed' } });
    const list = await again.waitFor<Msg<'class.roster'>>((m) => m.type === 'class.roster' && m.students.length === 4);

    // Removing a student: that page is told, its key may not come back.
    const bo = list.students.find((s) => s.name === 'Bo')!;
    again.send({ type: 'class.remove', studentId: bo.id });
    expect(await s2.waitFor((m) => m.type === 'class.ended')).toMatchObject({ reason: 'removed' });
    const { joined: back } = await join(server.wsUrl, code, { studentKey: key(2) });
    expect(back).toMatchObject({ type: 'error', code: 'ERR_REMOVED' });
    await again.waitFor((m) => m.type === 'class.presence' && m.students === 3);

    // The end: every student is told, and the code stops working.
    again.send({ type: 'class.end' });
    for (const s of [s1, s3, late]) expect(await s.waitFor((m) => m.type === 'class.ended')).toMatchObject({ code, reason: 'ended' });
    const { joined: gone } = await join(server.wsUrl, code);
    expect(gone).toMatchObject({ type: 'error', code: 'ERR_UNKNOWN_CLASS', field: 'code' });
    for (const c of [s1, s2, s3, late, again]) await c.close();
  });

  it('replaying a recorded run, the reveal waits for the teacher to step past the proving event', async () => {
    const server = await startTestServer();
    const { teacher, code } = await openClass(server.wsUrl);
    teacher.send({ type: 'run', scenario: 'join', driver: 'node', ownerKey: OWNER_KEY, ref: 'run' });
    const { runId } = await teacher.waitFor<Msg<'run.accepted'>>(withRef('run'));
    const events = await teacher.runEnded(runId);
    const { client: s } = await join(server.wsUrl, code);

    teacher.send({ type: 'class.view', view: view({ scenario: 'join' }) });
    teacher.send({ type: 'class.question', action: 'open', scenario: 'join', questionId: 'parent-or-child' });
    await s.waitFor(questionWhere((q) => q.phase === 'open'));
    s.send({ type: 'class.answer', questionId: 'parent-or-child', choice: 'child' });
    await s.waitFor((m) => m.type === 'class.answered');
    // The teacher opens the recording at its start and steps through it.
    teacher.send({ type: 'class.view', view: view({ scenario: 'join', runId, playhead: 0 }) });
    await s.waitFor(questionWhere((q) => q.phase === 'locked' && q.runId === runId));
    expect((await s.runEnded(runId)).length).toBe(events.length);
    const proof = events.find((e) => e.type === 'process.output' && e.text.startsWith('我是父进程'))!;
    for (const playhead of [1, proof.seq]) teacher.send({ type: 'class.view', view: view({ scenario: 'join', runId, playhead }) });
    teacher.send({ type: 'class.view', view: view({ scenario: 'join', runId, playhead: proof.seq + 1, selectedSeq: proof.seq }), ref: 'past' });
    const revealed = (await s.waitFor<Msg<'class.question'>>(questionWhere((q) => q.phase === 'revealed'))).question!;
    expect(revealed.result).toMatchObject({ choice: 'parent', seq: proof.seq });
    expect(revealed.tallies).toEqual({ child: 1 });
    // Revealed only after the playhead passed the proof: the last view the student had before it says so.
    const at = s.messages.indexOf(s.messages.find((m) => m.type === 'class.question' && m.question?.phase === 'revealed')!);
    const lastView = s.messages.slice(0, at).filter((m): m is Msg<'class.view'> => m.type === 'class.view').at(-1)!;
    expect(lastView.view.playhead).toBe(proof.seq + 1);
    await s.close();
    await teacher.close();
  });
});

describe('safe by construction', () => {
  it('caps students, answers and the class message rate; limits wrong codes per address; ends an idle class', async () => {
    const server = await startTestServer({
      classes: { limits: { maxClasses: 2, maxStudents: 2, maxAnswerChanges: 2, studentMessagesPerSecond: 1, studentBurst: 3, idleMs: 300 }, joins: { perAddress: 3 } },
    });
    const { teacher, code } = await openClass(server.wsUrl);
    const s1 = (await join(server.wsUrl, code, { studentKey: key(1) })).client;
    const s2 = (await join(server.wsUrl, code)).client;
    const { client: s3, joined: full } = await join(server.wsUrl, code);
    expect(full).toMatchObject({ type: 'error', code: 'ERR_CLASS_FULL', message: expect.stringContaining('2 students') });

    teacher.send({ type: 'class.question', action: 'open', scenario: 'pids', questionId: 'ppid' });
    await s1.waitFor(questionWhere((q) => q.phase === 'open'));
    for (const [i, choice] of ['main', 'self', 'other'].entries()) s1.send({ type: 'class.answer', questionId: 'ppid', choice, ref: `c${i}` });
    expect(await s1.waitFor(withRef('c2'))).toMatchObject({ type: 'error', code: 'ERR_CLASS_LIMIT', message: expect.stringContaining('At most 2 answers') });
    // The students' budget: 3 at once, then 1 a second (s1 spent all three).
    s2.send({ type: 'class.answer', questionId: 'ppid', choice: 'main', ref: 'over' });
    expect(await s2.waitFor(withRef('over'))).toMatchObject({ type: 'error', code: 'ERR_RATE_LIMITED', message: expect.stringContaining('at most 1 messages a second') });

    // A connection that is no teacher is refused teacher's messages; an unknown question is named.
    s1.send({ type: 'class.remove', studentId: 'abc', ref: 'rm' });
    expect(await s1.waitFor(withRef('rm'))).toMatchObject({ code: 'ERR_NOT_TEACHER' });
    teacher.send({ type: 'class.question', action: 'open', scenario: 'pids', questionId: 'nope', ref: 'nq' });
    expect(await teacher.waitFor(withRef('nq'))).toMatchObject({ code: 'ERR_UNKNOWN_QUESTION', message: expect.stringContaining('ppid') });

    // Wrong codes: three a minute from one address, then no join from it at all (not even the right code).
    const guesser = await connect(server.wsUrl);
    const wrong = code === '222222' ? '333333' : '222222';
    for (let i = 0; i < 3; i++) {
      guesser.send({ type: 'class.join', code: wrong, ref: `g${i}` });
      expect(await guesser.waitFor(withRef(`g${i}`))).toMatchObject({ code: 'ERR_UNKNOWN_CLASS' });
    }
    guesser.send({ type: 'class.join', code, ref: 'right' });
    expect(await guesser.waitFor(withRef('right'))).toMatchObject({ code: 'ERR_RATE_LIMITED', message: expect.stringContaining('at most 3 a minute') });
    guesser.send({ type: 'class.join', code: 'lower', ref: 'shape' });
    expect(await guesser.waitFor(withRef('shape'))).toMatchObject({ code: 'ERR_BAD_MESSAGE', field: 'code' });

    // Classes: two at most.
    const other = await openClass(server.wsUrl);
    const third = await connect(server.wsUrl);
    third.send({ type: 'class.create', ref: 'third' });
    expect(await third.waitFor(withRef('third'))).toMatchObject({ code: 'ERR_BUSY' });

    // Idle: once no teacher page is connected for idleMs, the class ends and its students are told.
    await teacher.close();
    expect(await s1.waitFor((m) => m.type === 'class.ended')).toMatchObject({ reason: 'idle' });
    expect(await s2.waitFor((m) => m.type === 'class.ended')).toMatchObject({ reason: 'idle' });
    for (const c of [s1, s2, s3, guesser, other.teacher, third]) await c.close();
  });
});
