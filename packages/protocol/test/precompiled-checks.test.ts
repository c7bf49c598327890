// The checks compiled ahead of time for the browser are the schemas' own: the committed module is what the
// schemas give now, and it answers as TypeBox's interpreter does, on real events and on mutated ones.
import fc from 'fast-check';
import { Check } from '@sinclair/typebox/value';
import { describe, expect, test } from 'vitest';
import { checksModule } from '../scripts/checks-module.js';
import committed from '../src/generated/precompiled-checks.ts?raw';
import { PRECOMPILED_EVENT_CHECKS, PRECOMPILED_RECORDING_HEADER_CHECK } from '../src/generated/precompiled-checks.js';
import { EVENT_SCHEMAS, RecordingHeaderSchema, type EventType } from '../src/index.js';
import { daemonKilledAtMainEnd, exitCodesStream, orphansStream, terminateStream, zombieStream } from './streams.js';

const REAL = [...daemonKilledAtMainEnd, ...exitCodesStream, ...orphansStream, ...terminateStream, ...zombieStream];

describe('precompiled checks', () => {
  test('are what the schemas give now (after a schema change, `pnpm --filter @forkscope/protocol generate`)', () => {
    expect(committed).toBe(checksModule());
    expect(Object.keys(PRECOMPILED_EVENT_CHECKS).sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
  });

  test('answer as the interpreter does: real events, and real events with a field changed (1500 cases)', () => {
    for (const event of REAL) expect(PRECOMPILED_EVENT_CHECKS[event.type]!(event)).toBe(true);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, -1, 1.5, 2 ** 60, 'SIGTERM', 'sigterm', null));
    const key = fc.constantFrom('seq', 't', 'pid', 'type', 'text', 'stream', 'exitCode', 'signal', 'ppid', 'name', 'daemon', 'target', 'value', 'extra');
    fc.assert(
      fc.property(fc.constantFrom(...REAL), key, value, (event, field, replacement) => {
        const changed = { ...event, [field]: replacement } as Record<string, unknown>;
        if (replacement === undefined) delete changed[field];
        for (const type of [event.type, 'process.output', 'process.exited'] as EventType[]) {
          expect(PRECOMPILED_EVENT_CHECKS[type]!(changed)).toBe(Check(EVENT_SCHEMAS[type], changed));
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('the recording header check answers as the interpreter does', () => {
    const header = { format: 'forkscope-recording', version: 1, runId: 'r', scenario: null, params: { n: 1 }, driver: 'python', startedAt: '2026-01-01T00:00:00Z', host: { platform: 'linux', release: '6', node: '20', python: '3.11', cpus: 2 } };
    for (const value of [header, { ...header, version: 2 }, { ...header, driver: 'ruby' }, { ...header, host: { ...header.host, cpus: '2' } }, { ...header, params: [] }, null, []]) {
      expect(PRECOMPILED_RECORDING_HEADER_CHECK(value)).toBe(Check(RecordingHeaderSchema, value));
    }
  });
});
