// The timeline reducer under a big run: 20 000 events from 200 processes, applied the way the web gets
// them (one batch per 16 ms of run time), against a baseline that only JSON-clones every event — the
// least work any consumer of the stream does. Prints ms and the ratio; no thresholds.
import { applyEvent, applyEvents, createTimelineModel } from '@forkscope/protocol';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { syntheticRun } from './synthetic-run.js';

const PROCESSES = 200;
const EVENTS = 20_000;
const BATCH_US = 16_000;
const ROUNDS = 5;
const ONE_BY_ONE_PREFIX = 2_000;

function batches(events: ForkscopeEvent[]): ForkscopeEvent[][] {
  const out: ForkscopeEvent[][] = [];
  let current: ForkscopeEvent[] = [];
  let edge = BATCH_US;
  for (const e of events) {
    if (e.t >= edge && current.length > 0) {
      out.push(current);
      current = [];
      while (e.t >= edge) edge += BATCH_US;
    }
    current.push(e);
  }
  if (current.length > 0) out.push(current);
  return out;
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

export default async function (): Promise<void> {
  const events = syntheticRun(PROCESSES, EVENTS);
  const groups = batches(events);
  const pids = new Set(events.map((e) => e.pid));
  console.log(`stream: ${events.length} events, ${pids.size - 1} processes, ${groups.length} batches of ≤16 ms (largest ${Math.max(...groups.map((g) => g.length))} events)`);

  const baseline = (): unknown => {
    let sink = 0;
    for (const group of groups) for (const e of group) sink += (JSON.parse(JSON.stringify(e)) as ForkscopeEvent).seq;
    return sink;
  };
  const batched = (): unknown => {
    let m = createTimelineModel();
    for (const group of groups) m = applyEvents(m, group);
    return m;
  };
  const whole = (): unknown => applyEvents(createTimelineModel(), events);
  // One event per call copies the growing arrays every time (quadratic): measured on a prefix only, to
  // show what batching saves.
  const prefix = events.slice(0, ONE_BY_ONE_PREFIX);
  const oneByOne = (): unknown => {
    let m = createTimelineModel();
    for (const e of prefix) m = applyEvent(m, e);
    return m;
  };
  const prefixBatched = (): unknown => {
    let m = createTimelineModel();
    for (const group of batches(prefix)) m = applyEvents(m, group);
    return m;
  };

  // Warm up the JIT once, then take the median of ROUNDS.
  for (const fn of [baseline, batched, whole, oneByOne, prefixBatched]) fn();
  const rows: [string, number][] = [
    ['baseline: JSON-clone each event', median(Array.from({ length: ROUNDS }, () => time(baseline)))],
    ['applyEvents, 16 ms batches', median(Array.from({ length: ROUNDS }, () => time(batched)))],
    ['applyEvents, one batch', median(Array.from({ length: ROUNDS }, () => time(whole)))],
  ];
  const base = rows[0]?.[1] ?? 1;
  for (const [name, ms] of rows) console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / base).toFixed(2)}× baseline`);
  const perBatch = (rows[1]?.[1] ?? 0) / groups.length;
  console.log(`mean cost per 16 ms batch: ${perBatch.toFixed(3)} ms`);
  const single = median(Array.from({ length: ROUNDS }, () => time(oneByOne)));
  const grouped = median(Array.from({ length: ROUNDS }, () => time(prefixBatched)));
  console.log(`first ${prefix.length} events: applyEvent one at a time ${single.toFixed(1)} ms vs 16 ms batches ${grouped.toFixed(1)} ms (${(single / grouped).toFixed(1)}×)`);
}
