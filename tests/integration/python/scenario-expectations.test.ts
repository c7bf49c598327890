// Every scenario of the catalogue under the python driver meets the expectations its metadata states for
// python (the same facts as under node, except where the metadata records a real difference).
import { afterAll, describe, expect, it } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import { createSupervisor } from '@forkscope/supervisor';
import { getDriver } from '@forkscope/supervisor';
import { catalogue, expectationsFor, programFile } from '@forkscope/scenarios';

const available = (await getDriver('python').available()).ok;
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

/** Shorter waits than the seed's where a scenario has them, so the suite stays quick; the facts do not depend on them. */
const quick: Record<string, Record<string, unknown>> = {
  daemon: { mainSleep: 1 },
  'join-in-loop': { count: 3 },
};

const runs = catalogue
  .filter((meta) => meta.drivers.includes('python'))
  .flatMap((meta) => {
    const variants: Array<Record<string, unknown>> = [{ ...quick[meta.id] }];
    // Each boolean or enum parameter's other values, as they change which facts apply.
    for (const spec of meta.params) {
      if (spec.type === 'boolean' && spec.name !== 'interactive') variants.push({ ...quick[meta.id], [spec.name]: !spec.default });
      if (spec.type === 'enum') for (const v of spec.values) if (v !== spec.default) variants.push({ ...quick[meta.id], [spec.name]: v });
    }
    return variants.map((params) => ({ meta, params }));
  });

describe.skipIf(!available)('python driver: scenario expectations', () => {
  it.each(runs.map((r) => [r.meta.id, JSON.stringify(r.params), r] as const))('%s %s', async (_id, _p, { meta, params }) => {
    const run = supervisor.startRun({ program: { file: programFile(meta.id, 'python') }, driver: 'python', params, scenario: meta.id });
    const result = await run.result;
    const model = applyEvents(createTimelineModel(), run.events);
    const verdicts = expectationsFor(meta, { params, driver: 'python' }).map((e) => {
      const r = e.check(model);
      return { id: e.id, status: r.status, detail: r.detail };
    });
    expect(result.leftovers).toBe(0);
    expect(verdicts.filter((v) => v.status !== 'pass')).toEqual([]);
  });
});
