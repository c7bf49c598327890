// `pnpm soak sandbox`: the longer variant of the escape suite (tests/integration/sandbox/escape.test.ts): the
// edited-run limits measured against the largest lesson under both drivers, the bombs at the default limits, 100
// random cancels of sandboxed process trees, and server death with sandboxes running. Oracle: the real process
// table, cgroups and mount table.
import { readFileSync } from 'node:fs';
import { createSupervisor, waitFor } from '@forkscope/supervisor';
import { programSource } from '@forkscope/scenarios';
import { cgroupRoots, liveTagged, unitDirs } from '../integration/supervisor/oracle.js';
import { randomCancels } from '../integration/supervisor/stress.js';
import { TREE } from '../fixtures/sandbox/tree-program.js';

type Report = (name: string, pass: boolean, details: unknown) => void;

const MiB = 1024 * 1024;
const sandboxMounts = () => readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line.startsWith('forkscope-sandbox ')).length;
const readNumber = (path: string) => {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
};

export async function soakSandbox(report: Report): Promise<void> {
  const supervisor = createSupervisor();
  await supervisor.swept;
  const status = await supervisor.sandbox;
  report('the sandbox works here', status.ok, status);
  if (!status.ok) return;

  // 1. The edited-run limits against the largest lesson (`many`, 16 children) run as an edit under each driver.
  for (const driver of ['python', 'node'] as const) {
    // The learner sets the count in the text: 16 children, the lesson's maximum.
    const source = programSource('many', driver).replace(/count(\s*=\s*)5/, 'count$116').replace('range(5)', 'range(16)');
    const run = supervisor.startRun({ edit: { source }, driver, params: {} });
    let tasks = 0;
    let charged = 0;
    const unit = `forkscope-${process.pid}-${run.id}`;
    const poll = setInterval(() => {
      for (const root of cgroupRoots()) {
        tasks = Math.max(tasks, readNumber(`${root}/${unit}/pids.current`));
        charged = Math.max(charged, readNumber(`${root}/${unit}/memory.usage_in_bytes`), readNumber(`${root}/${unit}/memory.current`));
      }
    }, 10);
    const result = await run.result;
    clearInterval(poll);
    const processes = new Set(run.events.filter((e) => e.type === 'process.spawned').map((e) => e.pid)).size;
    const limits = run.events[0]?.type === 'run.started' ? run.events[0].limits : null;
    report(`the largest lesson (many, 16 children) fits the edited-run limits under ${driver}`, result.status === 'completed' && limits !== null && tasks <= limits.tasks && (limits.memoryBytes === null || charged <= limits.memoryBytes), {
      status: result.status,
      processes,
      peakTasks: tasks,
      tasksLimit: limits?.tasks,
      peakChargedMiB: Math.round(charged / MiB),
      memoryLimitMiB: limits?.memoryBytes ? limits.memoryBytes / MiB : null,
      durationMs: result.durationMs,
    });
  }

  // 2. Bombs and an endless program at the default edited-run limits.
  // Which of the CPU (5 s) and wall (20 s) limits stops a busy loop first depends on the machine's load: either.
  const bombs: Array<[string, string, Record<string, unknown> | Array<Record<string, unknown>>]> = [
    ['fork bomb', 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n', { status: 'limit', reason: 'tasks' }],
    ['memory bomb', 'chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n', { status: 'limit', reason: 'memory' }],
    ['tmpfs filler', "i = 0\nwhile True:\n    open('/work/f%d' % i, 'wb').write(b'x' * 1024 * 1024)\n    i += 1\n", { status: 'completed' }],
    ['busy endless program', 'while True:\n    pass\n', [{ status: 'limit', reason: 'cpu' }, { status: 'timeout', reason: 'wall' }]],
    ['sleeping endless program', 'import time\nwhile True:\n    time.sleep(1)\n', { status: 'timeout', reason: 'wall' }],
  ];
  for (const [name, source, expected] of bombs) {
    const run = supervisor.startRun({ edit: { source }, driver: 'python' });
    const result = await run.result;
    const matches = (e: Record<string, unknown>) => Object.entries(e).every(([k, v]) => (result as unknown as Record<string, unknown>)[k] === v);
    const pass = [expected].flat().some(matches) && result.leftovers === 0 && liveTagged([run.id]).length === 0;
    report(`${name}: ${JSON.stringify(expected)}, nothing left`, pass, { status: result.status, reason: result.reason, durationMs: result.durationMs, exitCode: result.exitCode });
  }

  // 3. 100 random cancels of sandboxed trees (children, orphans, setsid daemons), 4 at a time, 0–800 ms.
  {
    const r = await randomCancels(supervisor, 100, 4, 800, (s) => s.startRun({ edit: { source: TREE }, driver: 'python' }));
    report('100 random cancels of sandboxed trees: 0 processes, 0 cgroups, 0 mounts left', r.reportedLeftovers === 0 && r.liveAfter === 0 && r.unitsAfter === 0 && sandboxMounts() === 0, { ...r, mounts: sandboxMounts() });
  }

  // 4. Server SIGKILL with 3 sandboxes running: bwrap --die-with-parent and the watchdog leave nothing.
  {
    const { spawn } = await import('node:child_process');
    const { createInterface } = await import('node:readline');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', new URL('../fixtures/sandbox/server.mts', import.meta.url).pathname, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const info = JSON.parse(line) as { pid: number; runs: Array<{ id: string }> };
    const ids = info.runs.map((r) => r.id);
    const before = liveTagged(ids).length;
    const t0 = performance.now();
    process.kill(info.pid, 'SIGKILL');
    const ok = await waitFor(() => liveTagged(ids).length === 0 && unitDirs(info.pid).length === 0, 2000);
    report('server SIGKILL with 3 sandboxes: 0 left within 2 s', ok && before > 0 && sandboxMounts() === 0, { processesBefore: before, zeroAfterMs: Math.round(performance.now() - t0) });
  }
  await supervisor.close();
}
