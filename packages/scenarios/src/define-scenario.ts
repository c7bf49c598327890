// Turns a scenario written with context-aware checks into the plain contract shape (Expectation.check(model)).
import type { TimelineModel } from '@forkscope/protocol';
import type { Choice, Expectation, ExpectationResult, ParamSpec, Question, QuestionResult, RunContext, ScenarioMeta, Text } from './types.js';
import { isFinal } from './expectations/timeline-queries.js';
import { undecided, type UndecidedReason } from './expectations/verdict.js';
import type { Decision } from './questions/decision.js';

export interface CheckContext extends RunContext {
  /** The run has ended: a fact not shown by now never will be. */
  final: boolean;
}

export interface ExpectationDef {
  id: string;
  text: Text;
  appliesTo?(run: RunContext): boolean;
  check(model: TimelineModel, ctx: CheckContext): ExpectationResult;
}

export interface QuestionDef {
  id: string;
  text: Text;
  choices: Choice[];
  /** The answer can differ from run to run. */
  varies?: boolean;
  appliesTo?(run: RunContext): boolean;
  /** Pending until the run proves an answer; the wrapper settles what a finished run left pending. */
  decide(model: TimelineModel, ctx: CheckContext): Decision;
}

export type ScenarioDef = Omit<ScenarioMeta, 'expectations' | 'questions'> & { expectations: ExpectationDef[]; questions?: QuestionDef[] };

/** The run's parameters as the run reported them, with the scenario's defaults for any it did not name. */
export function paramsWithDefaults(specs: readonly ParamSpec[], given: Record<string, unknown> | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const spec of specs) params[spec.name] = given && Object.hasOwn(given, spec.name) ? given[spec.name] : spec.default;
  return params;
}

export function defineScenario(def: ScenarioDef): ScenarioMeta {
  const expectations = def.expectations.map((e): Expectation => {
    const check = (model: TimelineModel): ExpectationResult => {
      const final = isFinal(model);
      const ctx: CheckContext = { params: paramsWithDefaults(def.params, model.run.params), driver: model.run.driver, final };
      const result = e.check(model, ctx);
      if (!final || result.status === 'pass') return result;
      if (model.run.status === 'completed') {
        if (result.status !== 'pending') return result;
        return { status: 'fail', detail: result.detail ?? { en: 'the run ended before this was shown', zh: '运行结束前没有显示出来' } };
      }
      // A run stopped from outside (cancel, a limit, a failure) ends its processes itself: only a failure
      // proven before the stop is the program's own.
      if (result.status === 'fail' && result.t !== undefined && result.t < stoppedAt(model)) return result;
      return undecided(model.run.status as UndecidedReason, model.run.endedAt ?? model.now);
    };
    return e.appliesTo
      ? { id: e.id, text: e.text, appliesTo: e.appliesTo.bind(e), check }
      : { id: e.id, text: e.text, check };
  });
  const questions = (def.questions ?? []).map((q) => defineQuestion(def, q));
  return { ...def, expectations, questions };
}

/**
 * The question as the contract has it. The same rules as an expectation's: a run that ended by itself
 * without deciding it leaves it undecided ("the run ended without showing it"); a run stopped from outside
 * keeps only what it decided before the stop (a child killed by the stop did not answer "−15").
 */
function defineQuestion(def: ScenarioDef, q: QuestionDef): Question {
  const decide = (model: TimelineModel): QuestionResult => {
    const final = isFinal(model);
    const ctx: CheckContext = { params: paramsWithDefaults(def.params, model.run.params), driver: model.run.driver, final };
    const d = q.decide(model, ctx);
    const result: QuestionResult =
      d.status === 'pending'
        ? { status: 'pending' }
        : { status: 'decided', choice: d.choice, ...(d.at?.seq !== undefined && { seq: d.at.seq }), ...(d.at && { t: d.at.t }), ...(d.detail && { detail: d.detail }) };
    if (!final) return result;
    if (result.status === 'decided' && (model.run.status === 'completed' || (result.t !== undefined && result.t < stoppedAt(model)))) return result;
    if (model.run.status === 'completed') return { status: 'undecided', detail: { en: 'the run ended without showing it', zh: '运行结束了,没有显示出答案' } };
    const why = undecided(model.run.status as UndecidedReason, model.run.endedAt ?? model.now);
    return { status: 'undecided', ...(why.detail && { detail: why.detail }) };
  };
  return {
    id: q.id,
    text: q.text,
    choices: q.choices,
    varies: q.varies === true,
    ...(q.appliesTo && { appliesTo: q.appliesTo.bind(q) }),
    decide,
  };
}

/** When a run stopped from outside began stopping: the first exit by a signal nobody in the run sent, or its end. */
function stoppedAt(model: TimelineModel): number {
  let at = model.run.endedAt ?? model.now;
  for (const p of Object.values(model.processes)) {
    if (p.cause === 'signal' && p.exitedAt !== null && p.exitedAt < at) at = p.exitedAt;
  }
  return at;
}
