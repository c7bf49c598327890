// The REST API's parameters and answers, as the /api routes declare them (Fastify serialises each answer
// by its schema and refuses one that does not fit). The run list is in run-summary.ts, the recording
// header in recording.ts, the error body in messages.ts.

import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { MAX_SCENARIO_ID_LENGTH } from './limits.js';
import { RecordingHeaderSchema } from './recording-header.js';
import { DriverSchema } from './types.js';

/** `:id` of `/api/runs/:id…`: bounded here; whether it is a run id the route says (ERR_BAD_RUN_ID). */
export const RunIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** `:id` of `/api/scenarios/:id`. */
export const ScenarioIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: MAX_SCENARIO_ID_LENGTH }) });

/** Every /api route's query: only the access token is read (security/presented-token.ts), others are ignored. */
export const ApiQuerySchema = Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) });

/** `GET /api/drivers`: each driver, whether this server can run it, and its runtime's version. */
export const DriverInfoSchema = Type.Object({ id: DriverSchema, available: Type.Boolean(), version: Type.Union([Type.String(), Type.Null()]) });
export type DriverInfo = Static<typeof DriverInfoSchema>;

/**
 * `GET /api/scenarios`: a scenario's metadata as plain JSON (titles, points, parameters…, each expectation
 * as `{id, text}`). Only what every reader relies on is fixed; the catalogue's other fields pass through.
 */
const scenarioFields = {
  id: Type.String({ minLength: 1, maxLength: MAX_SCENARIO_ID_LENGTH }),
  drivers: Type.Array(DriverSchema),
  expectations: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: Type.Unknown() }))),
};
export const ScenarioSummarySchema = Type.Object(scenarioFields, { additionalProperties: true });

/** `GET /api/scenarios/:id`: the summary and each driver's program source. */
export const ScenarioDetailSchema = Type.Object({ ...scenarioFields, sources: Type.Record(Type.String(), Type.String()) }, { additionalProperties: true });

/** `GET /api/runs/:id/trace.json`: the Chrome trace event format (chrome-trace.ts), with the recording's facts. */
export const ChromeTraceSchema = Type.Object({
  traceEvents: Type.Array(Type.Object({ name: Type.String(), ph: Type.String(), pid: Type.Number(), tid: Type.Number() }, { additionalProperties: true })),
  displayTimeUnit: Type.Literal('ms'),
  otherData: Type.Object(
    {
      format: Type.Literal('forkscope'),
      runId: RecordingHeaderSchema.properties.runId,
      scenario: RecordingHeaderSchema.properties.scenario,
      driver: RecordingHeaderSchema.properties.driver,
      params: RecordingHeaderSchema.properties.params,
      startedAt: RecordingHeaderSchema.properties.startedAt,
      host: RecordingHeaderSchema.properties.host,
    },
    { additionalProperties: true },
  ),
});

/** `GET /healthz`: whether the server can serve; a cluster node adds what it lacks (cluster/public-health.ts). */
export const HealthSchema = Type.Object({ ok: Type.Boolean() }, { additionalProperties: true });
