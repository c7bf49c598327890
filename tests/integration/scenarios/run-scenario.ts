// Runs a catalogue scenario through the real supervisor and returns its events, final model and the
// expectations stated for it. Shared by the scenario suites.
import { applyEvents, createTimelineModel, type ForkscopeEvent, type TimelineModel } from '@forkscope/protocol';
import type { RunResult, Supervisor } from '@forkscope/supervisor';
import { expectationsFor, getScenario, programFile, validateParams } from '@forkscope/scenarios';
import type { ExpectationResult } from '@forkscope/scenarios';

export interface ScenarioRun {
  events: readonly ForkscopeEvent[];
  model: TimelineModel;
  result: RunResult;
  outcomes: { id: string; result: ExpectationResult }[];
}

export async function runScenario(
  supervisor: Supervisor,
  id: string,
  input: Record<string, unknown> = {},
  driver: 'node' | 'python' = 'node',
): Promise<ScenarioRun> {
  const meta = getScenario(id);
  if (!meta) throw new Error(`no scenario ${id}`);
  const checked = validateParams(meta, input, driver);
  if (!checked.ok) throw new Error(checked.message);
  const handle = supervisor.startRun({ program: { file: programFile(id, driver) }, driver, params: checked.params, scenario: id });
  const result = await handle.result;
  const model = applyEvents(createTimelineModel(), handle.events);
  const outcomes = expectationsFor(meta, { params: checked.params, driver }).map((e) => ({ id: e.id, result: e.check(model) }));
  return { events: handle.events, model, result, outcomes };
}

/** Runs `tasks` with at most `limit` of them at once. */
export async function limited<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
