// Stress procedures shared by the integration tests (small counts) and `pnpm soak` (full counts).
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor, type RunHandle, type RunResult, type Supervisor } from '@forkscope/supervisor';
import { fixture, liveTagged, unitDirs } from './oracle.js';

export interface CancelReport {
  runs: number;
  statuses: Record<string, number>;
  /** Sum of `leftovers` reported by the runs themselves. */
  reportedLeftovers: number;
  /** Live tagged processes of these runs, 1 s after the last run ended (the oracle). */
  liveAfter: number;
  /** Unit directories of this server left in any cgroup hierarchy, 1 s after the last run ended. */
  unitsAfter: number;
  /** cancel() call → result, ms. */
  cancelMs: { p50: number; p95: number; max: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Runs `total` process trees, `concurrency` at a time, each cancelled after a uniform random 0..maxDelayMs.
 * `start`: how a run is started (default: the tree.sh fixture; the sandbox soak starts edited programs).
 */
export async function randomCancels(
  supervisor: Supervisor,
  total: number,
  concurrency: number,
  maxDelayMs: number,
  start: (supervisor: Supervisor) => RunHandle = (s) => s.startRun({ command: [fixture('tree.sh')] }),
): Promise<CancelReport> {
  const ids: string[] = [];
  const results: RunResult[] = [];
  const cancelMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const run: RunHandle = start(supervisor);
      ids.push(run.id);
      const delay = Math.random() * maxDelayMs;
      await new Promise((resolve) => setTimeout(resolve, delay));
      const asked = performance.now();
      results.push(await run.cancel());
      cancelMs.push(performance.now() - asked);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // The oracle: nothing of these runs alive, no unit left, within 1 s of the last cancel.
  await waitFor(() => liveTagged(ids).length === 0 && unitDirs(process.pid).length === 0, 1000);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  cancelMs.sort((a, b) => a - b);
  return {
    runs: results.length,
    statuses,
    reportedLeftovers: results.reduce((sum, r) => sum + r.leftovers, 0),
    liveAfter: liveTagged(ids).length,
    unitsAfter: unitDirs(process.pid).length,
    cancelMs: { p50: Math.round(percentile(cancelMs, 50)), p95: Math.round(percentile(cancelMs, 95)), max: Math.round(cancelMs.at(-1) ?? 0) },
  };
}

export interface LeakReport {
  runs: number;
  baseline: { rssMiB: number; heapMiB: number; fds: number };
  after: { rssMiB: number; heapMiB: number; fds: number };
  rssRatio: number;
  heapRatio: number;
  fdRatio: number;
  failed: number;
}

const fdCount = () => readdirSync('/proc/self/fd').length;

/** A full GC before each reading, so that the comparison is about what is retained, not what awaits collection. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function memory(): { rssMiB: number; heapMiB: number } {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMiB: Math.round((rss / 1048576) * 10) / 10, heapMiB: Math.round((heapUsed / 1048576) * 10) / 10 };
}

/** Runs `total` short runs one after another and compares server RSS and open fds with a warmed-up baseline. */
export async function sequentialRuns(supervisor: Supervisor, total: number, warmUp = 50): Promise<LeakReport> {
  const once = async () => (await supervisor.startRun({ command: ['sh', '-c', 'echo x; (sleep 0.01 &)'] }).result).status;
  for (let i = 0; i < warmUp; i++) await once(); // warm up: JIT, pools, lazily created handles
  const baseline = { ...memory(), fds: fdCount() };
  let failed = 0;
  for (let i = 0; i < total; i++) if ((await once()) !== 'completed') failed++;
  // Closed handles are released on the next turns of the event loop.
  await waitFor(() => fdCount() <= baseline.fds * 1.1, 1000);
  const after = { ...memory(), fds: fdCount() };
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  return {
    runs: total,
    baseline,
    after,
    rssRatio: ratio(after.rssMiB, baseline.rssMiB),
    heapRatio: ratio(after.heapMiB, baseline.heapMiB),
    fdRatio: ratio(after.fds, baseline.fds),
    failed,
  };
}
