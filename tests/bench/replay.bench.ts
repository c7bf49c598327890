// `forkscope replay` of big recordings: the whole command (read, parse and validate, print every line,
// timeline and expectations at the end) on synthetic runs of the `many` lesson at growing sizes, against
// a baseline that reads the same file and JSON-parses every line. Output goes nowhere (no terminal
// cost). A size is skipped once a smaller one took longer than BUDGET_MS: before replay was linear,
// 300 000 events took minutes. Prints ms and the ratio; no thresholds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeRecording } from '@forkscope/protocol';
import { runCli } from '@forkscope/api/cli';
import { syntheticRun } from './synthetic-run.js';

const SIZES: { events: number; processes: number }[] = [
  { events: 5_000, processes: 50 },
  { events: 20_000, processes: 200 },
  { events: 300_000, processes: 1_000 },
];
const BUDGET_MS = 5_000;

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-bench-replay-'));
  try {
    let last = 0;
    for (const { events: count, processes } of SIZES) {
      if (last > BUDGET_MS) {
        console.log(`${count} events: skipped (the previous size took ${(last / 1000).toFixed(1)} s)`);
        continue;
      }
      const events = syntheticRun(processes, count);
      const file = join(dir, `many-${count}.ndjson`);
      const header = { format: 'forkscope-recording', version: 1, runId: 'bench', scenario: 'many', params: { count: processes - 1 }, driver: 'node', startedAt: new Date(0).toISOString(), host: { platform: 'linux', release: '', node: process.version, python: null, cpus: 1 } } as const;
      writeFileSync(file, serializeRecording(header, events));
      let lines = 0;
      const io = { out: () => void (lines += 1), err: () => {}, color: false };
      const readAndParse = (): number => {
        let n = 0;
        for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') n += (JSON.parse(line) as { seq?: number }).seq ?? 0;
        return n;
      };
      const baseline = Math.min(...Array.from({ length: 3 }, () => time(readAndParse)));
      const replay = await timeAsync(() => runCli(['replay', file, '--lang', 'en'], io));
      last = replay;
      console.log(`${String(count).padStart(7)} events, ${processes} processes: read + JSON.parse ${baseline.toFixed(0)} ms · forkscope replay ${replay.toFixed(0)} ms (${lines} lines printed) · ${(replay / baseline).toFixed(1)}× baseline`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
