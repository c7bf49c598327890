// What the page pays to read a 20 000-event recording (a dropped file, or a run's recording opened from
// the server): parseRecording as shipped (checks compiled ahead of time), against a baseline that only
// JSON-parses the same lines — and, for the checks alone, what they would cost with TypeBox's interpreter
// (what the page falls back to under its CSP, which forbids compiling checks at run time) and compiled at
// run time (what Node does). Prints ms and ratios; no thresholds.
import { Check } from '@sinclair/typebox/value';
import { compiledCheck, EVENT_SCHEMAS, parseRecording, serializeRecording, type EventType, type RecordingHeader } from '@forkscope/protocol';
import { PRECOMPILED_EVENT_CHECKS } from '../../packages/protocol/src/generated/precompiled-checks.js';
import { syntheticRun } from './synthetic-run.js';

const EVENTS = 20_000;
const ROUNDS = 9;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const timed = (fn: () => unknown): number => {
  fn(); // warm up
  return median(Array.from({ length: ROUNDS }, () => time(fn)));
};

export default async function (): Promise<void> {
  const events = syntheticRun(200, EVENTS);
  const header: RecordingHeader = { format: 'forkscope-recording', version: 1, runId: 'bench', scenario: 'many', params: {}, driver: 'node', startedAt: new Date(0).toISOString(), host: { platform: 'linux', release: '6', node: process.versions.node, cpus: 2 } };
  const text = serializeRecording(header, events);
  const lines = text.split('\n').filter((l) => l !== '').slice(1);
  const values = lines.map((l) => JSON.parse(l) as { type: EventType });
  const compiled = new Map(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, compiledCheck(schema)]));
  const checkAll = (check: (value: { type: EventType }) => boolean) => () => {
    for (const value of values) if (!check(value)) throw new Error(`a synthetic ${value.type} event does not validate`);
  };

  const parseOnly = timed(() => lines.map((l) => JSON.parse(l) as unknown));
  const shipped = timed(() => {
    const parsed = parseRecording(text);
    if (!parsed.ok || parsed.events.length !== EVENTS) throw new Error('the synthetic recording does not read back');
  });
  const precompiled = timed(checkAll((v) => PRECOMPILED_EVENT_CHECKS[v.type]!(v)));
  const interpreter = timed(checkAll((v) => Check(EVENT_SCHEMAS[v.type], v)));
  const runtime = timed(checkAll((v) => compiled.get(v.type)!(v)));

  console.log(`recording of ${EVENTS} events, ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`baseline: JSON.parse each line        ${parseOnly.toFixed(1).padStart(7)} ms`);
  console.log(`parseRecording as shipped             ${shipped.toFixed(1).padStart(7)} ms   ${(shipped / parseOnly).toFixed(2)}× baseline`);
  console.log(`the event checks alone: precompiled   ${precompiled.toFixed(1).padStart(7)} ms`);
  console.log(`                        compiled now  ${runtime.toFixed(1).padStart(7)} ms`);
  console.log(`                        interpreter   ${interpreter.toFixed(1).padStart(7)} ms   ${(interpreter / precompiled).toFixed(1)}× precompiled`);
  const withInterpreter = shipped - precompiled + interpreter;
  console.log(`parseRecording with the interpreter   ${withInterpreter.toFixed(1).padStart(7)} ms   ${(withInterpreter / parseOnly).toFixed(2)}× baseline (what the page paid before the checks were precompiled)`);
}
