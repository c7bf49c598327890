// A run that ended by itself decides every fact (what is still open has failed); a run stopped from
// outside, or cut off, leaves open facts not decided — neutral, with the reason and the moment.
import { describe, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type ForkscopeEvent, type RunStatus, type UnsequencedEvent } from '@forkscope/protocol';
import { defineScenario } from '../src/define-scenario.js';
import { fail, pass, pending, settleUnfinished, undecided } from '../src/expectations/verdict.js';

const limits = { wallMs: 30_000, tasks: 64, memoryBytes: null, outputBytes: 1_000_000, cpuSeconds: 10 };

function run(status: RunStatus | null, extra: UnsequencedEvent[] = []): ForkscopeEvent[] {
  const drafts: UnsequencedEvent[] = [
    { type: 'run.started', t: 0, pid: 0, runId: 'r', scenario: 's', params: {}, driver: 'python', containment: 'cgroup', limits, warnings: [] },
    { type: 'process.running', t: 10, pid: 100, ppid: 1, name: 'MainProcess' },
    { type: 'process.spawned', t: 20, pid: 101, ppid: 100, name: 'Process-1', daemon: false, target: 'f' },
    { type: 'process.output', t: 300_000, pid: 101, stream: 'stdout', text: 'early\n' },
    ...extra,
  ];
  if (status) drafts.push({ type: 'run.ended', t: 1_200_000, pid: 100, status, reason: null, exitCode: null, leftovers: 0 });
  return drafts.map((d, seq) => ({ ...d, seq }) as ForkscopeEvent);
}

const meta = defineScenario({
  id: 's',
  section: '0',
  title: { zh: '', en: '' },
  summary: { zh: '', en: '' },
  points: { zh: [], en: [] },
  quote: { zh: '', en: '' },
  params: [],
  drivers: ['python'],
  expectations: [
    { id: 'open', text: { zh: '', en: '' }, check: () => pending({ en: 'still waiting', zh: '还在等' }) },
    { id: 'shown', text: { zh: '', en: '' }, check: () => pass({ t: 5 }) },
    { id: 'early-fail', text: { zh: '', en: '' }, check: () => fail({ en: 'printed early', zh: '太早打印' }, { t: 300_000 }) },
    {
      id: 'exit-fail',
      text: { zh: '', en: '' },
      check: (model) => {
        const p = model.processes[101]!;
        return p.exitedAt === null ? pending() : fail({ en: `exited with ${String(p.exitCode)}`, zh: '' }, { t: p.exitedAt });
      },
    },
  ],
});

const verdicts = (events: ForkscopeEvent[]) => Object.fromEntries(meta.expectations.map((e) => [e.id, e.check(applyEvents(createTimelineModel(), events))]));
const killedByTheStop: UnsequencedEvent = { type: 'process.exited', t: 1_100_000, pid: 101, exitCode: -15, signal: 'SIGTERM', reapedBy: 0 };

describe('when a run ends', () => {
  test('by itself (completed): what is still open has failed, with its own detail', () => {
    const v = verdicts(run('completed', [killedByTheStop]));
    expect(v.open).toEqual({ status: 'fail', detail: { en: 'still waiting', zh: '还在等' } });
    expect(v.shown!.status).toBe('pass');
    expect(v['exit-fail']!.status).toBe('fail');
  });

  test.each([
    ['cancelled', 'the run was cancelled at 1.2 s', '运行在 1.2 秒时被取消'],
    ['timeout', 'the run hit its time limit at 1.2 s', '运行在 1.2 秒时超时'],
    ['limit', 'the run was stopped at a limit at 1.2 s', '运行在 1.2 秒时触及限制而停止'],
    ['failed', 'the run failed at 1.2 s', '运行在 1.2 秒时失败'],
  ] as const)('stopped from outside (%s): what is open, or failed by the stop, is not decided', (status, en, zh) => {
    const v = verdicts(run(status, [killedByTheStop]));
    expect(v.open).toEqual({ status: 'undecided', detail: { en: `not decided: ${en}`, zh: `未能判定:${zh}` } });
    expect(v.shown!.status).toBe('pass');
    // Proven before the stop began (the first exit by a signal nobody in the run sent): it stands.
    expect(v['early-fail']).toMatchObject({ status: 'fail', detail: { en: 'printed early' } });
    // The stop itself killed the child: its exit says nothing about the program.
    expect(v['exit-fail']!.status).toBe('undecided');
  });

  test('cut off (no run.ended): only pending, until the page or the CLI settles it', () => {
    const v = verdicts(run(null));
    expect(v.open!.status).toBe('pending');
    expect(settleUnfinished(v.open!, 'interrupted', 2_500_000)).toEqual(undecided('interrupted', 2_500_000));
    expect(undecided('interrupted', 2_500_000).detail).toEqual({ en: 'not decided: the server stopped at 2.5 s', zh: '未能判定:服务器在 2.5 秒时停止了' });
    expect(undecided('incomplete', 142_000).detail!.en).toBe('not decided: the recording ends at 0.142 s');
    expect(settleUnfinished(v['early-fail']!, 'incomplete', 1)).toBe(v['early-fail']);
  });
});
