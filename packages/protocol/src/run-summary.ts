// One entry of the REST run list `GET /api/runs`: a recording on disk, or a live run the server holds.

import type { Driver, RunStatus } from './types.js';

/** A final status; `running` without run.ended yet, `interrupted` for a recording cut off, `queued` before it starts. */
export type RunListStatus = RunStatus | 'queued' | 'running' | 'interrupted';

export interface RunSummary {
  runId: string;
  scenario: string | null;
  driver: Driver;
  params: Record<string, unknown>;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  /** From run.started to run.ended, or to the last recorded event; null for an empty recording or a live run. */
  durationMs: number | null;
  status: RunListStatus;
}
