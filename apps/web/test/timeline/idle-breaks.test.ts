import { expect, test } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import { idleBreaks } from '../../src/timeline/idle-breaks.js';
import { daemonKilledRun, sequence } from '../support/event-stream.js';

test('a 2.9 s wait beside 0.14 s of action becomes one break inside the wait', () => {
  const breaks = idleBreaks(applyEvents(createTimelineModel(), daemonKilledRun()));
  expect(breaks).toHaveLength(1);
  expect(breaks[0]!.start).toBeGreaterThan(143_600);
  expect(breaks[0]!.end).toBeLessThan(3_043_000);
  expect(breaks[0]!.end - breaks[0]!.start).toBeGreaterThan(2_000_000);
});

test('steady 1 s steps (join in a loop) keep their rhythm: no break', () => {
  const drafts = [{ type: 'process.running' as const, t: 0, pid: 1, ppid: 0, name: 'MainProcess' }];
  const events = sequence([
    ...drafts,
    ...[1, 2, 3, 4, 5].flatMap((i) => [{ type: 'process.output' as const, t: i * 1_000_000, pid: 1, stream: 'stdout' as const, text: `${i}\n` }]),
  ]);
  expect(idleBreaks(applyEvents(createTimelineModel(), events))).toEqual([]);
});

test('no events, no breaks', () => {
  expect(idleBreaks(createTimelineModel())).toEqual([]);
});
