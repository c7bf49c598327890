// The answers an expectation gives, with the moment that proves them. Details are in both languages, as
// every text the playground shows.
import type { RunStatus } from '@forkscope/protocol';
import type { ExpectationResult, Text } from '../types.js';
import type { Moment } from './timeline-queries.js';

export function pass(at?: Moment): ExpectationResult {
  return { status: 'pass', ...(at?.seq !== undefined && { seq: at.seq }), ...(at && { t: at.t }) };
}

export function fail(detail: Text, at?: Moment): ExpectationResult {
  return { status: 'fail', detail, ...(at?.seq !== undefined && { seq: at.seq }), ...(at && { t: at.t }) };
}

/** Not decided yet. Once the run has ended, `defineScenario` turns it into a failure or leaves it undecided. */
export function pending(detail?: Text): ExpectationResult {
  return { status: 'pending', ...(detail && { detail }) };
}

/**
 * Why a run could not decide a fact: it was stopped from outside (a status other than `completed`), the
 * server stopped without ending it (`interrupted`), or its recording ends before its end (`incomplete`).
 */
export type UndecidedReason = Exclude<RunStatus, 'completed'> | 'interrupted' | 'incomplete';

const seconds = (t: number): string => (t / 1e6).toFixed(3).replace(/\.?0+$/, '') || '0';

const WHY: Record<UndecidedReason, (s: string) => Text> = {
  cancelled: (s) => ({ en: `the run was cancelled at ${s} s`, zh: `运行在 ${s} 秒时被取消` }),
  timeout: (s) => ({ en: `the run hit its time limit at ${s} s`, zh: `运行在 ${s} 秒时超时` }),
  limit: (s) => ({ en: `the run was stopped at a limit at ${s} s`, zh: `运行在 ${s} 秒时触及限制而停止` }),
  failed: (s) => ({ en: `the run failed at ${s} s`, zh: `运行在 ${s} 秒时失败` }),
  interrupted: (s) => ({ en: `the server stopped at ${s} s`, zh: `服务器在 ${s} 秒时停止了` }),
  incomplete: (s) => ({ en: `the recording ends at ${s} s`, zh: `录制在 ${s} 秒处结束` }),
};

/** "not decided: the run was cancelled at 1.2 s" — neutral, not a failure. */
export function undecided(why: UndecidedReason, t: number): ExpectationResult {
  const reason = WHY[why](seconds(t));
  return { status: 'undecided', detail: { en: `not decided: ${reason.en}`, zh: `未能判定:${reason.zh}` } };
}

/**
 * A result on a run that will say nothing more although it did not end by itself (the server stopped,
 * the recording is cut off): a fact still pending is undecided; what was decided stands.
 */
export function settleUnfinished(result: ExpectationResult, why: UndecidedReason, t: number): ExpectationResult {
  return result.status === 'pending' ? undecided(why, t) : result;
}
