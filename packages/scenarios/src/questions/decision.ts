// What a question's decide() answers: not yet, or the choice a moment of the run proves.
import type { Text } from '../types.js';
import type { Moment } from '../expectations/timeline-queries.js';

export type Decision = { status: 'pending' } | { status: 'decided'; choice: string | null; at?: Moment; detail?: Text };

export function waiting(): Decision {
  return { status: 'pending' };
}

/** The run answered `choice` at `at`; null with `detail` when it did what none of the choices says. */
export function answered(choice: string | null, at?: Moment, detail?: Text): Decision {
  return { status: 'decided', choice, ...(at && { at }), ...(detail && { detail }) };
}
