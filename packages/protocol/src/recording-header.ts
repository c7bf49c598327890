// The first line of a recording (DESIGN §6): the format, its version and the run's facts. Its own module:
// the checks generated from it (generated/precompiled-checks.ts) must be made without reading them.

import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { DriverSchema, ObjectSchema } from './types.js';

export const RECORDING_FORMAT = 'forkscope-recording';
export const RECORDING_VERSION = 1;

/** The first line of a recording. Fields are checked in this order; the first wrong one is reported. */
export const RecordingHeaderSchema = Type.Object({
  format: Type.Literal(RECORDING_FORMAT),
  version: Type.Integer({ minimum: 1, maximum: RECORDING_VERSION }),
  runId: Type.String({ description: 'a string' }),
  scenario: Type.Union([Type.String(), Type.Null()], { description: 'a string or null' }),
  params: ObjectSchema,
  driver: DriverSchema,
  /** Wall-clock start of the run, ISO 8601. */
  startedAt: Type.String({ description: 'an ISO 8601 string' }),
  /** True for a learner's own version of the lesson (run.started's `edit` holds the program that ran). */
  edited: Type.Optional(Type.Boolean({ description: 'a boolean' })),
  host: Type.Object(
    { platform: Type.String(), release: Type.String(), node: Type.String(), python: Type.Optional(Type.Union([Type.String(), Type.Null()])), cpus: Type.Number() },
    { description: 'the host facts {platform, release, node, cpus}' },
  ),
});
export type RecordingHeader = Static<typeof RecordingHeaderSchema>;
