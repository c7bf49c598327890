import { expect, test } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import { exitBadge } from '../../src/timeline/exit-badge.js';
import { daemonKilledRun } from '../support/event-stream.js';

const model = applyEvents(createTimelineModel(), daemonKilledRun());

test('a daemon killed at main’s end reads "killed · −15 SIGTERM", in danger tone', () => {
  expect(exitBadge(model.processes[4101]!)).toEqual({ key: 'exit.killed', vars: { badge: '−15 SIGTERM' }, tone: 'danger' });
});

test('a process that returned reads "exit 0", in ok tone', () => {
  expect(exitBadge(model.processes[4102]!)).toEqual({ key: 'exit.code', vars: { badge: '0' }, tone: 'ok' });
});

test('no badge while the process runs', () => {
  const live = applyEvents(createTimelineModel(), daemonKilledRun().slice(0, 8));
  expect(exitBadge(live.processes[4102]!)).toBeNull();
});
