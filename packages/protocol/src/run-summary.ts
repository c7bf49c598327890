// One entry of the REST run list `GET /api/runs`: a recording on disk, or a live run the server holds.

import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { DriverSchema, ObjectSchema, RunStatusSchema } from './types.js';

/** A final status; `running` without run.ended yet, `interrupted` for a recording cut off, `queued` before it starts. */
export const RunListStatusSchema = Type.Union([RunStatusSchema, Type.Literal('queued'), Type.Literal('running'), Type.Literal('interrupted')]);
export type RunListStatus = Static<typeof RunListStatusSchema>;

export const RunSummarySchema = Type.Object({
  runId: Type.String(),
  scenario: Type.Union([Type.String(), Type.Null()]),
  driver: DriverSchema,
  params: ObjectSchema,
  /** Wall-clock start, ISO 8601. */
  startedAt: Type.String(),
  /** From run.started to run.ended, or to the last recorded event; null for an empty recording or a live run. */
  durationMs: Type.Union([Type.Number(), Type.Null()]),
  status: RunListStatusSchema,
  /** True for a learner's own version of the lesson. */
  edited: Type.Optional(Type.Boolean()),
});
export type RunSummary = Static<typeof RunSummarySchema>;
