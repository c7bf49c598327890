// What validation costs per event: every event line of the recorded fixtures (real runs, every event
// type), repeated to 100 000 lines, JSON-parsed and validated, against a baseline that only JSON-parses
// the same lines — what any reader of a stream or recording does anyway. The same for trace records
// (what the supervisor checks for every record a process writes). Prints ms and ratios; no thresholds.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateEvent, validateTraceRecord, type ForkscopeEvent } from '@forkscope/protocol';

const LINES = 100_000;
const ROUNDS = 7;
const recordings = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'recordings');

function fixtureEvents(): ForkscopeEvent[] {
  const events: ForkscopeEvent[] = [];
  for (const name of readdirSync(recordings).filter((n) => n.endsWith('.ndjson')).sort()) {
    const lines = readFileSync(join(recordings, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
    for (const line of lines.slice(1)) events.push(JSON.parse(line) as ForkscopeEvent);
  }
  return events;
}

function repeatTo<T>(items: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => items[i % items.length] as T);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function compare(name: string, lines: readonly string[], validate: (x: unknown) => { ok: boolean }): void {
  const parseOnly = (): number => {
    let n = 0;
    for (const line of lines) n += (JSON.parse(line) as { pid: number }).pid;
    return n;
  };
  const parseAndValidate = (): number => {
    let n = 0;
    for (const line of lines) {
      const result = validate(JSON.parse(line));
      if (!result.ok) throw new Error(`${name}: a fixture line does not validate: ${line}`);
      n += 1;
    }
    return n;
  };
  parseOnly();
  parseAndValidate();
  const base = median(Array.from({ length: ROUNDS }, () => time(parseOnly)));
  const checked = median(Array.from({ length: ROUNDS }, () => time(parseAndValidate)));
  const perEventNs = ((checked - base) / lines.length) * 1e6;
  console.log(`${name}: JSON.parse ${base.toFixed(1)} ms · parse + validate ${checked.toFixed(1)} ms · ${(checked / base).toFixed(2)}× baseline · validation ≈ ${perEventNs.toFixed(0)} ns per line (${((checked - base) / base).toFixed(2)}× a parse)`);
}

export default async function (): Promise<void> {
  const events = fixtureEvents();
  const types = new Set(events.map((e) => e.type));
  console.log(`${events.length} fixture events of ${types.size} types, repeated to ${LINES} lines`);
  compare('events', repeatTo(events, LINES).map((e) => JSON.stringify(e)), validateEvent);
  const records = events
    .filter((e) => e.type !== 'run.started' && e.type !== 'run.ended')
    .map(({ seq: _seq, t, ...rest }) => JSON.stringify({ ...rest, tm: 1_000_000_000 + t }));
  compare('trace records', repeatTo(records, LINES), validateTraceRecord);
}
