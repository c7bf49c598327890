// The header line of a recording: which run it is, and the facts of the host it ran on.
import { cpus, platform, release } from 'node:os';
import { RECORDING_FORMAT, RECORDING_VERSION } from '@forkscope/protocol';
import type { Driver, RecordingHeader } from '@forkscope/protocol';

export interface RecordingHeaderInput {
  runId: string;
  scenario: string | null;
  params: Record<string, unknown>;
  driver: Driver;
  /** Defaults to now. */
  startedAt?: Date;
  /** Version of the python that ran the program, when the driver is python. */
  python?: string | null;
  /** A learner's edited version of the lesson. */
  edited?: boolean;
}

export function createRecordingHeader(input: RecordingHeaderInput): RecordingHeader {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    runId: input.runId,
    scenario: input.scenario,
    params: input.params,
    driver: input.driver,
    startedAt: (input.startedAt ?? new Date()).toISOString(),
    ...(input.edited ? { edited: true } : {}),
    host: {
      platform: platform(),
      release: release(),
      node: process.versions.node,
      python: input.python ?? null,
      cpus: cpus().length,
    },
  };
}
