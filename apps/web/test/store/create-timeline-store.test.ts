import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type RecordingHeader, type TimelineModel } from '@forkscope/protocol';
import { createTimelineStore, type ExpectationSource } from '../../src/store/create-timeline-store.js';
import { settleUnfinished } from '@forkscope/scenarios/catalogue';
import { daemonKilledRun, wideRun } from '../support/event-stream.js';

const header: RecordingHeader = {
  format: 'forkscope-recording',
  version: 1,
  runId: 'r1',
  scenario: 'daemon-killed-at-main-end',
  params: {},
  driver: 'python',
  startedAt: '2026-01-01T00:00:00.000Z',
  host: { platform: 'linux', release: '6', node: '20', cpus: 2 },
};

/** One expectation in the catalogue's shape: the daemon's exit code is −15. */
const daemonKilled: ExpectationSource = {
  id: 'daemon-killed',
  text: { zh: '守护进程被终止', en: 'the daemon is killed' },
  check(model: TimelineModel) {
    const p = model.processes[4101];
    if (!p || p.exitedAt === null) return { status: 'pending' };
    return p.exitCode === -15 ? { status: 'pass', seq: p.exitSeq ?? undefined, t: p.exitedAt } : { status: 'fail' };
  },
};

function store() {
  return createTimelineStore({ expectationsFor: (run) => (run.scenario === 'daemon-killed-at-main-end' ? [daemonKilled] : []) });
}

describe('live events', () => {
  test('applies batches through the shared reducer: same model as applying them at once', () => {
    const s = store();
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    const events = daemonKilledRun();
    expect(s.getState().receiveEvents(events.slice(0, 7))).toBeNull();
    expect(s.getState().receiveEvents(events.slice(7))).toBeNull();
    const expected = applyEvents(createTimelineModel(), events);
    expect(s.getState().model.laneOrder).toEqual(expected.laneOrder);
    expect(s.getState().model.processes[4101]!.exitCode).toBe(-15);
    expect(s.getState().applied).toBe(events.length);
  });

  test('ignores events it already holds (a resumed stream overlaps)', () => {
    const s = store();
    const events = daemonKilledRun();
    s.getState().receiveEvents(events.slice(0, 10));
    const before = s.getState().model;
    expect(s.getState().receiveEvents(events.slice(5, 10))).toBeNull();
    expect(s.getState().model).toBe(before);
    s.getState().receiveEvents(events.slice(5));
    expect(s.getState().events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });

  test('stops at a gap and returns the seq to resume from', () => {
    const s = store();
    const events = daemonKilledRun();
    s.getState().receiveEvents(events.slice(0, 4));
    expect(s.getState().receiveEvents(events.slice(6, 9))).toBe(4);
    expect(s.getState().events).toHaveLength(4);
    expect(s.getState().receiveEvents(events.slice(4))).toBeNull();
    expect(s.getState().events).toHaveLength(events.length);
  });

  test('ticks expectations as the stream proves them: pending, then pass with the proving event', () => {
    const s = store();
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    const events = daemonKilledRun();
    s.getState().receiveEvents(events.slice(0, 10));
    expect(s.getState().expectations).toEqual([{ id: 'daemon-killed', text: daemonKilled.text, status: 'pending' }]);
    s.getState().receiveEvents(events.slice(10));
    const exitEvent = events.find((e) => e.type === 'process.exited' && e.pid === 4101)!;
    expect(s.getState().expectations[0]).toMatchObject({ status: 'pass', seq: exitEvent.seq, t: exitEvent.t });
  });

  test('a check that throws shows as failed, naming the error', () => {
    const s = createTimelineStore({
      expectationsFor: () => [{ id: 'boom', text: { zh: '', en: '' }, check: () => { throw new Error('no such lane'); } }],
    });
    s.getState().receiveEvents(daemonKilledRun().slice(0, 3));
    expect(s.getState().expectations[0]).toMatchObject({ status: 'fail', detail: { en: 'check threw: no such lane' } });
  });

  test('reset starts over but keeps the speed', () => {
    const s = store();
    s.getState().setSpeed(2);
    s.getState().receiveEvents(daemonKilledRun());
    s.getState().reset({ kind: 'empty' });
    expect(s.getState().events).toEqual([]);
    expect(s.getState().model.laneOrder).toEqual([]);
    expect(s.getState().speed).toBe(2);
  });
});

describe('replay', () => {
  test('loadRecording shows the whole run and fixes duration and breaks from it', () => {
    const s = store();
    s.getState().loadRecording(header, daemonKilledRun(), 'file');
    const st = s.getState();
    expect(st.source).toEqual({ kind: 'replay', runId: 'r1', header, origin: 'file' });
    expect(st.applied).toBe(daemonKilledRun().length);
    expect(st.duration).toBe(3_046_500);
    // 0.14 s of action and a 2.9 s wait: the wait becomes an axis break.
    expect(st.breaks).toHaveLength(1);
    expect(st.breaks[0]!.start).toBeGreaterThan(143_600);
    expect(st.breaks[0]!.end).toBeLessThan(3_043_000);
    expect(st.expectations[0]!.status).toBe('pass');
  });

  test('seekToTime shows exactly the events up to t; seeking back gives the same model as a fresh apply', () => {
    const s = store();
    const events = daemonKilledRun();
    s.getState().loadRecording(header, events, 'server', 142_100);
    expect(s.getState().applied).toBe(9);
    expect(s.getState().model.processes[4101]!.exitedAt).toBeNull();
    expect(s.getState().expectations[0]!.status).toBe('pending');
    s.getState().seekToTime(3_050_000);
    s.getState().seekToTime(50_000);
    expect(s.getState().model).toEqual(applyEvents(createTimelineModel(), events.filter((e) => e.t <= 50_000)));
  });

  test('step moves one event, or to the next lifecycle event', () => {
    const s = store();
    const events = daemonKilledRun();
    s.getState().loadRecording(header, events, 'server', 0);
    expect(s.getState().applied).toBe(1);
    s.getState().step(1);
    expect(s.getState().applied).toBe(2);
    s.getState().step(1, true); // skips process.running to the first spawn
    expect(events[s.getState().applied - 1]!.type).toBe('process.spawned');
    s.getState().step(-1);
    expect(s.getState().applied).toBe(2);
    s.getState().seekToCount(0);
    s.getState().step(-1);
    expect(s.getState().applied).toBe(0);
  });

  test('seeking back across checkpoints of a long recording gives the same picture as applying from scratch', () => {
    const s = store();
    const events = wideRun(20, 120); // 2 400 output events
    s.getState().loadRecording(null, events, 'file');
    for (const count of [2_345, 1_000, 999, 1_001, 17, events.length]) {
      s.getState().seekToCount(count);
      expect(s.getState().model).toEqual(applyEvents(createTimelineModel(), events.slice(0, count)));
    }
  });

  test('setSpeed accepts 0.25–4 and names a bad value', () => {
    const s = store();
    s.getState().setSpeed(0.25);
    s.getState().setSpeed(4);
    expect(s.getState().speed).toBe(4);
    expect(() => s.getState().setSpeed(8)).toThrow('Expected the `speed` option to be between 0.25 and 4, got `8`');
  });

  test('select bumps the version so the canvas redraws the highlight', () => {
    const s = store();
    const v = s.getState().version;
    s.getState().select(7);
    expect(s.getState()).toMatchObject({ selectedSeq: 7, version: v + 1 });
    s.getState().select(7);
    expect(s.getState().version).toBe(v + 1);
  });
});

describe('what the run is, beside what the playhead shows', () => {
  const live = () => {
    const s = createTimelineStore({ expectationsFor: () => [daemonKilled], settleUnfinished });
    s.getState().dispatch({ type: 'run-requested' });
    s.getState().dispatch({ type: 'run-accepted', runId: 'r1' });
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    return s;
  };

  test('run.ended arriving ends the run in the run state, once', () => {
    const s = live();
    const events = daemonKilledRun();
    s.getState().receiveEvents(events.slice(0, -1));
    expect(s.getState().run.phase).toEqual({ kind: 'live', runId: 'r1' });
    s.getState().receiveEvents(events.slice(-1));
    expect(s.getState().run.phase).toEqual({ kind: 'ended', runId: 'r1', status: 'completed', at: 3_046_500, away: false });
  });

  test('seeking back into a finished run shows the past, but the run stays ended', () => {
    const s = live();
    s.getState().receiveEvents(daemonKilledRun());
    s.getState().seekToCount(5);
    expect(s.getState().model.run.status).toBe('running');
    expect(s.getState().run.phase).toMatchObject({ kind: 'ended', status: 'completed' });
    s.getState().step(1);
    s.getState().seekToTime(0);
    expect(s.getState().run.phase).toMatchObject({ kind: 'ended', status: 'completed' });
  });

  test('a run the server stopped without ending it leaves what was pending undecided', () => {
    const s = live();
    s.getState().receiveEvents(daemonKilledRun().slice(0, 9));
    expect(s.getState().expectations[0]!.status).toBe('pending');
    s.getState().dispatch({ type: 'connection-lost', at: 1 });
    s.getState().dispatch({ type: 'connection-open', serverPid: 2 }); // the first hello: not a restart
    expect(s.getState().run.phase.kind).toBe('live');
    s.getState().dispatch({ type: 'connection-lost', at: 3 });
    s.getState().dispatch({ type: 'connection-open', serverPid: 99 });
    expect(s.getState().run.phase.kind).toBe('restarted');
    s.getState().dispatch({ type: 'outcome', status: 'interrupted', at: 142_000 });
    expect(s.getState().expectations[0]).toMatchObject({ status: 'undecided', detail: { en: 'not decided: the server stopped at 0.142 s' } });
  });

  test('a recording without its end replays as incomplete, says so, and leaves pending points undecided', () => {
    const s = createTimelineStore({ expectationsFor: () => [daemonKilled], settleUnfinished });
    s.getState().loadRecording(header, daemonKilledRun().slice(0, 9), 'file', undefined, 3);
    expect(s.getState().run.phase).toMatchObject({ kind: 'replaying', status: 'incomplete' });
    expect(s.getState().recordingNote).toEqual({ skipped: 3, incomplete: true, endsAt: 142_000 });
    expect(s.getState().expectations[0]).toMatchObject({ status: 'undecided', detail: { en: 'not decided: the recording ends at 0.142 s' } });
    // Back in the recording the point is only pending: it is the end that decides nothing more.
    s.getState().seekToCount(3);
    expect(s.getState().expectations[0]!.status).toBe('pending');
  });
});

describe('an edited run (run.started carries the learner’s program)', () => {
  test('a point of the lesson that does not hold there does not apply; one that holds still holds', () => {
    const s = store();
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    const events = daemonKilledRun().map((e) =>
      e.type === 'run.started' ? { ...e, edit: { source: 'p1.start()\n' } } : e.type === 'process.exited' && e.pid === 4101 ? { ...e, exitCode: 0, signal: null } : e,
    );
    s.getState().receiveEvents(events);
    expect(s.getState().expectations).toEqual([expect.objectContaining({ id: 'daemon-killed', status: 'inapplicable' })]);
    // The same run of the lesson's own program fails that point.
    const lesson = store();
    lesson.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    lesson.getState().receiveEvents(events.map((e) => (e.type === 'run.started' ? { ...e, edit: undefined } : e)));
    expect(lesson.getState().expectations[0]?.status).toBe('fail');
    // And one that holds on an edited run is shown as holding.
    const holds = store();
    holds.getState().reset({ kind: 'live', runId: 'r1', scenario: 'daemon-killed-at-main-end', driver: 'python' });
    holds.getState().receiveEvents(daemonKilledRun().map((e) => (e.type === 'run.started' ? { ...e, edit: { source: 'x' } } : e)));
    expect(holds.getState().expectations[0]?.status).toBe('pass');
  });
});
