// A lesson's teaching points on a learner's own version: each was written for the lesson's program, so on an
// edited run one that still holds is shown as holding, one that does not hold "does not apply to your version"
// (the edit changed what the lesson shows; forkscope did not fail), and one still open may yet be decided.
import type { ExpectationStatus } from './types.js';

export function editedStatus(status: ExpectationStatus): ExpectationStatus {
  return status === 'fail' ? 'inapplicable' : status;
}
