// Every scenario of the catalogue, run five times through the real supervisor with real processes: each
// expectation stated for the run holds, the run completes and leaves nothing behind. Where a scenario
// has parameters, the five runs cover them (the first run always uses the seed's defaults); long sleeps
// are shortened after the first run to keep the suite's time reasonable. Two runs at a time.
import { afterAll, describe, expect, test } from 'vitest';
import { createSupervisor } from '@forkscope/supervisor';
import { catalogue } from '@forkscope/scenarios';
import { limited, runScenario } from './run-scenario.js';

const variants: Record<string, Record<string, unknown>[]> = {
  'first-child': [{}, {}, { mainSleep: 1.5 }, {}, { mainSleep: 2 }],
  join: [{}, { join: true }, {}, { join: true }, {}],
  pids: [{}, { count: 1 }, { count: 8 }, {}, {}],
  many: [{}, { count: 2 }, { count: 8 }, {}, {}],
  'join-in-loop': [{}, { join: 'after-loop' }, { join: 'none' }, { join: 'each', count: 2 }, { join: 'after-loop', count: 8 }],
  'no-join': [{}, { count: 1 }, { count: 8 }, {}, {}],
  isolation: [{}, { join: true }, {}, { join: true }, {}],
  daemon: [{}, { mainSleep: 3 }, { mainSleep: 3 }, { mainSleep: 4 }, { mainSleep: 3 }],
  'daemon-killed-at-main-end': [{}, { mainSleep: 0 }, { mainSleep: 0.5 }, {}, {}],
  'socket-chat': [{}, { clients: 1 }, { clients: 4, messages: ['a', 'bb', '  ', '你好'] }, { messages: [] }, {}],
  'pid-name': [{}, { nameAfterSuper: true }, {}, { nameAfterSuper: true }, {}],
  'exit-codes': [{}, { lifetime: 0 }, { lifetime: 0.2 }, {}, {}],
  orphans: [{}, { grandchildren: 1, ticks: 3 }, { grandchildren: 4 }, {}, {}],
};

const supervisor = createSupervisor();
afterAll(() => supervisor.close());

// Two scenario runs at a time across the whole file: each test takes a slot per run.
let slots = 2;
const waiting: (() => void)[] = [];
async function slot<T>(task: () => Promise<T>): Promise<T> {
  while (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  slots--;
  try {
    return await task();
  } finally {
    slots++;
    waiting.shift()?.();
  }
}

describe.concurrent('every scenario, five runs', () => {
  for (const meta of catalogue) {
    const runs = variants[meta.id] ?? [{}, {}, {}, {}, {}];
    test(meta.id, { timeout: 240_000 }, async () => {
      const results = await limited(1, runs.map((params) => () => slot(() => runScenario(supervisor, meta.id, params))));
      results.forEach((run, i) => {
        const where = `${meta.id} run ${i + 1} ${JSON.stringify(runs[i])}`;
        expect(run.result.status, where).toBe('completed');
        expect(run.result.leftovers, where).toBe(0);
        const failed = run.outcomes.filter((o) => o.result.status !== 'pass');
        expect(failed, `${where}: ${JSON.stringify(failed)}`).toEqual([]);
        expect(run.outcomes.length, where).toBeGreaterThan(0);
      });
    });
  }
});
