// The committed recordings of real runs (tests/fixtures/recordings/<id>[.<variant>].ndjson).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseRecording, type ForkscopeEvent, type RecordingHeader } from '@forkscope/protocol';

export const RECORDINGS_DIR = fileURLToPath(new URL('../../fixtures/recordings/', import.meta.url));

export interface Fixture {
  file: string;
  header: RecordingHeader;
  events: ForkscopeEvent[];
}

export function loadRecordings(): Fixture[] {
  return readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((file) => {
      const parsed = parseRecording(readFileSync(join(RECORDINGS_DIR, file), 'utf8'));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
      return { file, header: parsed.header, events: parsed.events };
    });
}
