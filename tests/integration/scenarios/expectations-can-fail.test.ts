// Every expectation can fail: each one, applied to a recorded real run whose stream has been doctored (an
// event removed, moved or changed so that the fact no longer holds), reports ✗. And every recording, as
// committed, satisfies every expectation of its scenario.
import { describe, expect, test } from 'vitest';
import type { ForkscopeEvent, TimelineModel } from '@forkscope/protocol';
import { catalogue, expectationsFor, getScenario } from '@forkscope/scenarios';
import {
  addOutput, change, children, drop, dropOutput, exitAfterRoot, extraChild, isExitOf, isOutputOf, modelOf, moveBefore,
  named, renumber, rewriteOutput, root, setExit, vanish, type Doctor,
} from './doctor.js';
import { loadRecordings } from './recordings.js';

const first = (m: TimelineModel) => children(m)[0]!;
const last = (m: TimelineModel) => children(m).at(-1)!;
const daemonChild = (m: TimelineModel) => children(m).find((p) => p.daemon)!;
const normalChild = (m: TimelineModel) => children(m).find((p) => !p.daemon)!;
const byTarget = (target: string, i = 0) => (m: TimelineModel) => children(m).filter((p) => p.target === target)[i]!;
const grandchild = (m: TimelineModel) => children(m, first(m).pid)[0]!;
const outputOf = (pick: (m: TimelineModel) => { pid: number }) => (e: ForkscopeEvent, m: TimelineModel) => e.type === 'process.output' && e.pid === pick(m).pid;
const failedWith = (pick: (m: TimelineModel) => { pid: number }): Doctor =>
  drop((e, m) => e.pid === pick(m).pid && (e.type === 'process.error' || (e.type === 'process.output' && e.stream === 'stderr')));
const rename = (from: string, to: string): Doctor =>
  change((e) => (e.type === 'process.spawned' || e.type === 'process.running') && e.name === from, (e) => ({ ...e, name: to }) as ForkscopeEvent);
const spawnAt = (pick: (m: TimelineModel) => { pid: number }, t: (m: TimelineModel) => number): Doctor =>
  change((e, m) => e.type === 'process.spawned' && e.pid === pick(m).pid, (e, m) => ({ ...e, t: t(m) }));
const lineLate = (text: string, after: (m: TimelineModel) => number): Doctor =>
  change(isOutputOf(text), (e, m) => ({ ...e, t: after(m) + 1 }));
const mainExitsLast = exitAfterRoot(first);
/** Main joins `pick` just before the event `before` selects. */
const joinsBefore = (before: (e: ForkscopeEvent, m: TimelineModel) => boolean, pick: (m: TimelineModel) => { pid: number }): Doctor => (events, m) => {
  const i = events.findIndex((e) => before(e, m));
  const at = events[i]!;
  const joining: ForkscopeEvent = { seq: 0, t: at.t - 2, type: 'process.joining', pid: root(m).pid, target: pick(m).pid, timeoutMs: null };
  const joined: ForkscopeEvent = { seq: 0, t: at.t - 1, type: 'process.joined', pid: root(m).pid, target: pick(m).pid, timedOut: false };
  return [...events.slice(0, i), joining, joined, ...events.slice(i)];
};

const DOCTORS: Record<string, Record<string, Doctor>> = {
  'first-child': {
    'child-count': extraChild(),
    'child-prints': rewriteOutput('hello bob', 'hello alice'),
    'main-does-not-wait': joinsBefore(isOutputOf('执行主进程的内容了'), first),
    'main-exits-last': mainExitsLast,
  },
  join: {
    'parent-line-first': moveBefore(isOutputOf('我是子进程'), isOutputOf('我是父进程')),
    'main-code-ends-early': change((e, m) => e.type === 'process.main-ended' && e.pid === root(m).pid, (e, m) => ({ ...e, t: first(m).exitedAt! + 1 })),
    'parent-line-after-join': moveBefore(isOutputOf('我是父进程'), isOutputOf('我是子进程')),
    'main-exits-last': mainExitsLast,
  },
  pids: {
    'main-pid-first': moveBefore(outputOf(first), outputOf(root)),
    'child-count': extraChild(),
    'children-print-pids': change(outputOf(first), (e, m) => ({ ...e, text: (e as { text: string }).text.replace(`父进程id : ${root(m).pid}`, '父进程id : 1') }) as ForkscopeEvent),
    // (python, forkserver) the child claims main as its parent
    'forkserver-parent': change(outputOf(first), (e, m) => ({ ...e, text: (e as { text: string }).text.replace(/父进程id : \d+/, `父进程id : ${root(m).pid}`) }) as ForkscopeEvent),
    'main-exits-last': mainExitsLast,
  },
  many: {
    'child-count': extraChild(),
    'each-says-hello': dropOutput('hello bob', (m) => children(m)[2]!),
    'children-overlap': spawnAt(last, (m) => first(m).exitedAt! + 1),
    'main-silent': addOutput(root, 'hi'),
    'main-exits-last': mainExitsLast,
  },
  'join-in-loop': {
    'child-count': extraChild(),
    'each-says-hello': dropOutput('hello bob', last),
    'one-after-another': spawnAt((m) => children(m)[1]!, (m) => first(m).spawnedAt + 1),
    'children-overlap': spawnAt(last, (m) => first(m).exitedAt! + 1),
    'parent-line-last': moveBefore(isOutputOf('父进程在执行'), isExitOf(last)),
    'parent-line-early': lineLate('父进程在执行', (m) => first(m).exitedAt!),
    'main-exits-last': mainExitsLast,
  },
  'no-join': {
    'child-count': extraChild(),
    'each-says-hello': dropOutput('hello bob', first),
    'children-overlap': spawnAt(last, (m) => first(m).exitedAt! + 1),
    'parent-line-early': lineLate('父进程在执行', (m) => first(m).exitedAt!),
    'main-exits-last': mainExitsLast,
  },
  subclass: {
    'child-count': extraChild(),
    'named-processes': rename('nezha', 'zhazha'),
    'each-prints-pid-and-name': dropOutput('yuanhao 正在和女主播聊天'),
    'main-line-last': moveBefore(isOutputOf('主线程'), isExitOf(last)),
    'main-exits-last': mainExitsLast,
  },
  isolation: {
    'child-n-0': change((e, m) => e.type === 'process.var' && e.pid === first(m).pid, (e) => ({ ...e, value: 100 }) as ForkscopeEvent),
    'main-n-100': change((e, m) => e.type === 'process.var' && e.pid === root(m).pid, (e) => ({ ...e, value: 0 }) as ForkscopeEvent),
    'main-unchanged-after-child': moveBefore(isOutputOf('主进程内:  100'), (e, m) => e.type === 'process.var' && e.pid === first(m).pid),
    'main-exits-last': mainExitsLast,
  },
  daemon: {
    'daemon-flag': change((e) => e.type === 'process.spawned' && e.daemon, (e) => ({ ...e, daemon: false }) as ForkscopeEvent),
    'daemon-prints': dropOutput('哪吒正在和女主播聊天'),
    'daemon-ends-by-itself': setExit(first, -15, 'SIGTERM'),
    'main-exits-last': mainExitsLast,
  },
  'daemon-killed-at-main-end': {
    'p1-killed-after-main-ended': drop((e) => e.type === 'process.daemon-killed'),
    'p1-prints-123': dropOutput('123'),
    'no-end123': addOutput(daemonChild, 'end123'),
    'p2-end456': dropOutput('end456'),
    'main-line-before-kill': moveBefore((e) => e.type === 'process.daemon-killed', isOutputOf('main-------')),
    'main-exits-last': exitAfterRoot(normalChild),
  },
  'daemon-no-children': {
    'start-fails': failedWith(first),
    'no-grandchild': extraChild(first),
    'daemon-exit-1': setExit(first, 0),
    'rest-skipped': addOutput(first, '这一行不会执行'),
    'main-unaffected': setExit(root, 1),
    'main-exits-last': mainExitsLast,
  },
  'socket-chat': {
    'server-listening': drop((e) => e.type === 'net.listening'),
    'handler-per-connection': vanish(byTarget('talk')),
    'echo-upper-case': rewriteOutput('HELLO', 'hello', byTarget('client')),
    'ends-by-itself': setExit(byTarget('talk'), 1),
    'main-exits-last': exitAfterRoot(byTarget('client')),
  },
  terminate: {
    'terminated-later': setExit(first, 0),
    'alive-right-after': rewriteOutput('true', 'false', root),
    'alive-consistent': rewriteOutput('true', 'false', root),
    'never-still-chatting': addOutput(first, 'Myprocess-1还在和网红脸聊天'),
    'main-exits-last': mainExitsLast,
  },
  'pid-name': {
    'main-prints-pid': change(outputOf(root), (e) => ({ ...e, text: '0\n' }) as ForkscopeEvent),
    'process-name': rename('Myprocess-1', '哪吒'),
    'prints-name-twice': dropOutput('Myprocess-1正在和网红脸聊天'),
    'main-exits-last': mainExitsLast,
  },
  'spawn-guard': {
    'top-level-twice': dropOutput('模块顶层代码在执行', first),
    'bootstrap-error': failedWith(first),
    'child-exit-1': setExit(first, 0),
    'target-never-runs': addOutput(first, 'hello bob'),
    'parent-unaffected': setExit(root, 1),
    'main-exits-last': mainExitsLast,
  },
  'exit-codes': {
    'exitcode-none': rewriteOutput('while running: null', 'while running: 0'),
    'returns-0': setExit((m) => named(m, 'returns'), 1),
    'raises-1': failedWith((m) => named(m, 'raises')),
    'exits-3': setExit((m) => named(m, 'exits'), 0),
    'terminated-15': setExit((m) => named(m, 'terminated'), -9, 'SIGKILL'),
    'killed-9': setExit((m) => named(m, 'killed'), -15, 'SIGTERM'),
    'main-exits-last': mainExitsLast,
  },
  orphans: {
    'parent-terminated': setExit(first, 0),
    'grandchildren-outlive-parent': drop((e, m) => e.type === 'process.output' && e.pid === grandchild(m).pid && e.t > first(m).exitedAt!),
    reparented: (events, m) =>
      change((e) => e.type === 'process.var' && e.pid === grandchild(m).pid, (e) => ({ ...e, value: first(m).pid }) as ForkscopeEvent)(
        events.filter((e) => !(e.type === 'process.reparented' && e.pid === grandchild(m).pid)),
        m,
      ),
    // As without a reaper: init reaped it, its code unknown.
    'orphans-reaped': change(
      (e, m) => e.type === 'process.exited' && e.pid === grandchild(m).pid,
      (e) => ({ ...e, exitCode: null, signal: null, reapedBy: 0 }) as ForkscopeEvent,
    ),
    'grandchildren-finish': drop((e, m) => e.type === 'process.output' && e.pid === grandchild(m).pid && e.text.includes('第6次')),
  },
};

const fixtures = loadRecordings();

test('there is a recording of every scenario', () => {
  const recorded = new Set(fixtures.map((f) => f.header.scenario));
  expect(catalogue.map((s) => s.id).filter((id) => !recorded.has(id))).toEqual([]);
});

for (const fixture of fixtures) {
  const meta = getScenario(fixture.header.scenario ?? '');
  describe(fixture.file, () => {
    if (!meta) {
      test('names a scenario of the catalogue', () => expect(fixture.header.scenario).toBeOneOf(catalogue.map((s) => s.id)));
      return;
    }
    const model = modelOf(fixture.events);
    const expectations = expectationsFor(meta, { params: fixture.header.params, driver: fixture.header.driver });

    test('the recording satisfies every expectation of its scenario', () => {
      const failed = expectations.map((e) => ({ id: e.id, result: e.check(model) })).filter((o) => o.result.status !== 'pass');
      expect(failed).toEqual([]);
    });

    for (const e of expectations) {
      test(`${e.id} fails on a doctored stream`, () => {
        const doctor = DOCTORS[meta.id]?.[e.id];
        expect(doctor, `no doctor for ${meta.id}/${e.id}`).toBeDefined();
        const doctored = renumber(doctor!([...fixture.events], model));
        const result = e.check(modelOf(doctored));
        expect(result.status, JSON.stringify(result)).toBe('fail');
      });
    }
  });
}

describe('live: pending until the run decides, then the proving event', () => {
  const fixture = fixtures.find((f) => f.file === 'daemon-killed-at-main-end.ndjson')!;
  const meta = getScenario('daemon-killed-at-main-end')!;
  const check = (id: string, events: readonly ForkscopeEvent[]) => meta.expectations.find((e) => e.id === id)!.check(modelOf(events));

  test('before end456 and before the run ends, the facts about them are pending', () => {
    const cut = fixture.events.findIndex((e) => e.type === 'process.output' && e.text === 'main-------\n');
    const partial = fixture.events.slice(0, cut + 1);
    expect(check('p2-end456', partial).status).toBe('pending');
    expect(check('no-end123', partial).status).toBe('pending');
    expect(check('main-exits-last', partial).status).toBe('pending');
  });

  test('a pass points at the event that proves it', () => {
    const result = check('p2-end456', fixture.events);
    expect(result.status).toBe('pass');
    const proof = fixture.events.find((e) => e.seq === result.seq);
    expect(proof?.type === 'process.output' && proof.text).toBe('end456\n');
    expect(result.t).toBe(proof?.t);
  });

  test('a fact still undecided when the run ends fails', () => {
    const model = modelOf(fixture.events);
    const p2 = children(model).find((p) => !p.daemon)!;
    const beforeP2Exit = fixture.events.slice(0, fixture.events.findIndex((e) => e.type === 'process.exited' && e.pid === p2.pid));
    expect(check('main-exits-last', beforeP2Exit).status).toBe('pending');
    const endedEarly = [...beforeP2Exit, { ...fixture.events.at(-1)!, seq: beforeP2Exit.length }];
    expect(check('main-exits-last', endedEarly)).toMatchObject({ status: 'fail', detail: { en: 'main has not exited', zh: '主进程还没退出' } });
  });
});
