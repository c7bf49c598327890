// The recording format (DESIGN §6): NDJSON, a header line, then one event per line, appended as the run
// goes so an interrupted run is still readable. Readers ignore unknown event types.

import type { Driver } from './types.js';

export const RECORDING_FORMAT = 'forkscope-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  runId: string;
  scenario: string | null;
  params: Record<string, unknown>;
  driver: Driver;
  /** Wall-clock start of the run, ISO 8601. */
  startedAt: string;
  host: { platform: string; release: string; node: string; python?: string | null; cpus: number };
}
