// The three answers an expectation gives, with the moment that proves them.
import type { ExpectationResult } from '../types.js';
import type { Moment } from './timeline-queries.js';

export function pass(at?: Moment, detail?: string): ExpectationResult {
  return { status: 'pass', ...(at?.seq !== undefined && { seq: at.seq }), ...(at && { t: at.t }), ...(detail && { detail }) };
}

export function fail(detail: string, at?: Moment): ExpectationResult {
  return { status: 'fail', detail, ...(at?.seq !== undefined && { seq: at.seq }), ...(at && { t: at.t }) };
}

/** Not decided yet. Once the run has ended, `defineScenario` turns it into a failure with this detail. */
export function pending(detail?: string): ExpectationResult {
  return { status: 'pending', ...(detail && { detail }) };
}
