// @forkscope/scenarios/catalogue — every lesson of the tutorial as a scenario: metadata, parameters and
// expectations. Browser-safe (no Node imports): the web imports it to tick expectations live.
import type { Driver } from '@forkscope/protocol';
import type { Expectation, Question, ScenarioMeta } from './types.js';
import { firstChild } from './scenarios/first-child.js';
import { join } from './scenarios/join.js';
import { pids } from './scenarios/pids.js';
import { many } from './scenarios/many.js';
import { joinInLoop } from './scenarios/join-in-loop.js';
import { noJoin } from './scenarios/no-join.js';
import { subclass } from './scenarios/subclass.js';
import { isolation } from './scenarios/isolation.js';
import { daemon } from './scenarios/daemon.js';
import { daemonKilledAtMainEnd } from './scenarios/daemon-killed-at-main-end.js';
import { daemonNoChildren } from './scenarios/daemon-no-children.js';
import { socketChat } from './scenarios/socket-chat.js';
import { terminate } from './scenarios/terminate.js';
import { pidName } from './scenarios/pid-name.js';
import { spawnGuard } from './scenarios/spawn-guard.js';
import { exitCodes } from './scenarios/exit-codes.js';
import { orphans } from './scenarios/orphans.js';

export type * from './types.js';
export { validateParams, paramsFor, parseParamText, describeParam, paramSchema } from './validate-params.js';
export type { ParamsResult } from './validate-params.js';
export { paramsWithDefaults } from './define-scenario.js';
export { settleUnfinished, undecided, type UndecidedReason } from './expectations/verdict.js';

/** The scenarios in the tutorial's order (DESIGN §2). */
export const catalogue: readonly ScenarioMeta[] = [
  firstChild,
  join,
  pids,
  many,
  joinInLoop,
  noJoin,
  subclass,
  isolation,
  daemon,
  daemonKilledAtMainEnd,
  daemonNoChildren,
  socketChat,
  terminate,
  pidName,
  spawnGuard,
  exitCodes,
  orphans,
];

const byId = new Map(catalogue.map((s) => [s.id, s]));

/** The scenario with this id, or undefined. */
export function getScenario(id: string): ScenarioMeta | undefined {
  return byId.get(id);
}

/** Ids of every scenario, in catalogue order. */
export const scenarioIds: readonly string[] = catalogue.map((s) => s.id);

/** The expectations stated for a run with these parameters and driver (see Expectation.appliesTo). */
export function expectationsFor(meta: ScenarioMeta, run: { params?: Record<string, unknown>; driver?: Driver | null }): Expectation[] {
  const params = { ...Object.fromEntries(meta.params.map((p) => [p.name, p.default])), ...run.params };
  const driver = run.driver ?? null;
  return meta.expectations.filter((e) => !e.appliesTo || e.appliesTo({ params, driver }));
}

/** The questions asked of a run with these parameters and driver (see Question.appliesTo). */
export function questionsFor(meta: ScenarioMeta, run: { params?: Record<string, unknown>; driver?: Driver | null }): Question[] {
  const params = { ...Object.fromEntries(meta.params.map((p) => [p.name, p.default])), ...run.params };
  const driver = run.driver ?? null;
  return meta.questions.filter((q) => !q.appliesTo || q.appliesTo({ params, driver }));
}
