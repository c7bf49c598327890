// `pnpm soak [server|supervisor]`: the full-count stress runs — the shared server under abuse
// (shared-server.ts), then the supervisor. Prints one line per check with its measurements and PASS/FAIL
// against the pass criterion; exits 1 if any check failed. Oracle: the real process table and cgroups.
import { readFileSync } from 'node:fs';
import { createSupervisor, waitFor, type RunHandle } from '@forkscope/supervisor';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { programFile } from '@forkscope/scenarios';
import { cgroupRoots, fixture, liveTagged, unitDirs } from '../integration/supervisor/oracle.js';
import { runDirs, startServer } from '../integration/supervisor/server-fixture.js';
import { randomCancels, sequentialRuns } from '../integration/supervisor/stress.js';
import { soakSharedServer } from './shared-server.js';
import { soakSandbox } from './sandbox.js';

const MiB = 1024 * 1024;
let failures = 0;

function report(name: string, pass: boolean, details: unknown): void {
  if (!pass) failures++;
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}  ${JSON.stringify(details)}`);
}

const readNumber = (path: string) => {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
};

/** The largest value of `file` (e.g. pids.peak) across the unit's directories in every hierarchy. */
const unitMax = (runId: string, file: string) =>
  Math.max(0, ...cgroupRoots().map((root) => readNumber(`${root}/forkscope-${process.pid}-${runId}/${file}`)));

const outputBytes = (events: readonly ForkscopeEvent[]) =>
  events.reduce((sum, e) => sum + (e.type === 'process.output' ? Buffer.byteLength(e.text) : 0), 0);

const part = process.argv[2];
if (part !== undefined && part !== 'server' && part !== 'supervisor' && part !== 'sandbox') throw new Error(`Expected \`server\`, \`supervisor\` or \`sandbox\`, got \`${part}\``);
if (part === undefined || part === 'server') await soakSharedServer(report);
if (part === undefined || part === 'sandbox') await soakSandbox(report);
if (part === 'server' || part === 'sandbox') {
  console.log(failures === 0 ? 'soak: all checks passed' : `soak: ${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

const supervisor = createSupervisor();
await supervisor.swept;
console.log(`containment ${supervisor.containment}; defaults ${JSON.stringify(supervisor.limits)}; warnings ${JSON.stringify(supervisor.warnings)}`);

// 1. Sizing the defaults: the largest catalogue scenario at its maximum parameters (`many`, 16 children, 17 Node
// processes) through the real node driver, and the idle fan-out fixture, must fit with 2× headroom.
async function measure(name: string, options: Parameters<typeof supervisor.startRun>[0]): Promise<void> {
  const run = supervisor.startRun(options);
  let tasks = 0;
  let charged = 0;
  let rssSum = 0;
  const unit = `forkscope-${process.pid}-${run.id}`;
  const poll = setInterval(() => {
    for (const root of cgroupRoots()) {
      tasks = Math.max(tasks, readNumber(`${root}/${unit}/pids.current`));
      charged = Math.max(charged, readNumber(`${root}/${unit}/memory.usage_in_bytes`), readNumber(`${root}/${unit}/memory.current`));
      let rss = 0;
      try {
        for (const pid of readFileSync(`${root}/${unit}/cgroup.procs`, 'utf8').split('\n').filter(Boolean)) {
          rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
        }
      } catch {
        // the unit is gone
      }
      rssSum = Math.max(rssSum, rss);
    }
  }, 20);
  const result = await run.result;
  clearInterval(poll);
  const { limits } = supervisor;
  const fits = result.status === 'completed' && result.exitCode === 0 && tasks * 2 <= limits.tasks && (limits.memoryBytes === null || charged * 2 <= limits.memoryBytes);
  report(`${name} fits the defaults with 2x headroom`, fits, {
    status: result.status,
    exitCode: result.exitCode,
    peakTasks: tasks,
    peakChargedMiB: Math.round(charged / MiB),
    peakRssSumMiB: Math.round(rssSum / MiB),
    processes: new Set(run.events.filter((e) => e.type === 'process.spawned').map((e) => e.pid)).size,
    durationMs: result.durationMs,
  });
}
await measure('scenario `many` count=16 (node driver)', { program: { file: programFile('many', 'node') }, driver: 'node', params: { count: 16 }, scenario: 'many' });
await measure('fan-out fixture, 16 idle Node children', { command: [process.execPath, fixture('fan-out.mjs'), '16', '2000'] });

// 2. 200 random cancels, 8 at a time, 0–400 ms, default grace.
{
  const r = await randomCancels(supervisor, 200, 8, 400);
  report('200 random cancels (8 concurrent, 0-400 ms): 0 left 1 s after the last', r.reportedLeftovers === 0 && r.liveAfter === 0 && r.unitsAfter === 0, r);
}

// 3. 500 cancels within 0–5 ms of start.
{
  const r = await randomCancels(supervisor, 500, 4, 5);
  report('500 cancels within 0-5 ms of start: 0 left', r.reportedLeftovers === 0 && r.liveAfter === 0 && r.unitsAfter === 0, r);
}

// 4. Server SIGKILL with 3 live runs, watchdog alive: 0 within 2 s.
for (let i = 0; i < 3; i++) {
  const server = await startServer(3);
  const ids = server.runs.map((r) => r.id);
  const before = liveTagged(ids).length;
  const t0 = performance.now();
  process.kill(server.pid, 'SIGKILL');
  const ok = await waitFor(() => liveTagged(ids).length === 0 && unitDirs(server.pid).length === 0, 2000);
  const ms = Math.round(performance.now() - t0);
  await waitFor(() => runDirs(server.pid).length === 0, 1000);
  report(`server SIGKILL #${i + 1} with 3 runs, watchdog alive: 0 left within 2 s`, ok && runDirs(server.pid).length === 0, { processesBefore: before, zeroAfterMs: ms });
}

// 5. Server and watchdog SIGKILLed: the next supervisor's sweep gets to 0 processes within 2 s of its start (the
// cgroup directories follow once init has reaped the killed orphans).
{
  const server = await startServer(3);
  const ids = server.runs.map((r) => r.id);
  process.kill(server.watchdogPid, 'SIGKILL');
  process.kill(server.pid, 'SIGKILL');
  await waitFor(() => readNumber(`/proc/${server.pid}/stat`) === 0, 1000);
  const before = liveTagged(ids).length;
  const t0 = performance.now();
  const next = createSupervisor();
  const zeroProcesses = await waitFor(() => liveTagged(ids).length === 0, 2000);
  const processesMs = Math.round(performance.now() - t0);
  const swept = await next.swept;
  const zeroUnits = await waitFor(() => unitDirs(server.pid).length === 0 && runDirs(server.pid).length === 0, 5000);
  report('server + watchdog SIGKILL: start-up sweep, 0 processes within 2 s, 0 units after', zeroProcesses && zeroUnits && before > 0, {
    processesBefore: before,
    swept,
    zeroProcessesAfterMs: processesMs,
    zeroUnitsAfterMs: Math.round(performance.now() - t0),
  });
  await next.close();
}

// 6. Fork bomb at the default tasks limit: bounded, `limit: tasks`, event loop responsive.
{
  const run: RunHandle = supervisor.startRun({ command: [fixture('fork-bomb.sh')] });
  let peak = 0;
  let worstLagMs = 0;
  let last = performance.now();
  const poll = setInterval(() => {
    const now = performance.now();
    worstLagMs = Math.max(worstLagMs, now - last - 10);
    last = now;
    peak = Math.max(peak, unitMax(run.id, 'pids.peak'), unitMax(run.id, 'pids.current'));
  }, 10);
  const result = await run.result;
  clearInterval(poll);
  report('fork bomb: held at the tasks limit, ends `limit: tasks`, server responsive (timer lag < 500 ms)', result.status === 'limit' && result.reason === 'tasks' && peak <= supervisor.limits.tasks && worstLagMs < 500 && result.leftovers === 0, {
    status: result.status,
    reason: result.reason,
    peakTasks: peak,
    tasksLimit: supervisor.limits.tasks,
    worstTimerLagMs: Math.round(worstLagMs),
    durationMs: result.durationMs,
  });
}

// 7. Memory hog allocating twice the default memory limit.
if (supervisor.limits.memoryBytes !== null) {
  const mib = Math.round((2 * supervisor.limits.memoryBytes) / MiB);
  const result = await supervisor.startRun({ command: [process.execPath, fixture('memory-hog.mjs'), String(mib)] }).result;
  report(`memory hog (${mib} MiB): ends \`limit: memory\``, result.status === 'limit' && result.reason === 'memory' && result.leftovers === 0, result);
}

// 8. Wall timeout at the default 30 s: `sleep 1000` ends at the limit ± 1 s.
{
  const result = await supervisor.startRun({ command: ['sleep', '1000'] }).result;
  const off = Math.abs(result.durationMs - supervisor.limits.wallMs);
  report('wall timeout: sleep 1000 ends `timeout` at the limit ± 1 s', result.status === 'timeout' && off <= 1000 && result.leftovers === 0, { ...result, offByMs: off });
}

// 9. Output flood: `yes` for 10 s → ≤ 1 MiB forwarded plus exactly one output.truncated; server RSS growth small.
{
  const rssBefore = process.memoryUsage().rss;
  const run = supervisor.startRun({ command: ['timeout', '10', 'yes'] });
  const result = await run.result;
  const forwarded = outputBytes(run.events);
  const truncations = run.events.filter((e) => e.type === 'output.truncated').length;
  const growthMiB = Math.round((process.memoryUsage().rss - rssBefore) / MiB);
  report('output flood (yes, 10 s): <= 1 MiB forwarded, one output.truncated, RSS growth < 64 MiB', forwarded <= MiB && truncations === 1 && growthMiB < 64, {
    status: result.status,
    forwardedBytes: forwarded,
    droppedBytes: result.outputDroppedBytes,
    truncations,
    rssGrowthMiB: growthMiB,
    events: run.events.length,
  });
}

// 10. 500 sequential runs: server memory and fds back within 10 % of the baseline.
{
  // 200 runs of warm-up first: RSS levels off only after a few hundred (allocator arenas), heap and fds at once.
  const r = await sequentialRuns(supervisor, 500, 200);
  report('500 sequential runs: RSS, heap and fds within 10 % of baseline', r.failed === 0 && r.rssRatio <= 1.1 && r.heapRatio <= 1.1 && r.fdRatio <= 1.1, r);
}

await supervisor.close();
const tagged = liveTagged();
const units = unitDirs(process.pid);
report('after the soak: no FORKSCOPE_RUN-tagged process of ours, no forkscope cgroup of ours', units.length === 0, { units, taggedAnywhere: tagged.length });
console.log(failures === 0 ? 'soak: all checks passed' : `soak: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
