// createSupervisor: detects containment, sweeps what dead servers left, arms the watchdog, starts runs.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver, RunLimits } from '@forkscope/protocol';
import { createCgroupContainment } from './containment/cgroup.js';
import { createProcessGroupContainment } from './containment/process-group.js';
import type { ContainmentFactory } from './containment/unit.js';
import { detectContainment } from './detect-containment.js';
import { KernelFacts } from './kernel-sources/kernel-facts.js';
import { SupervisorError } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';
import { checkStartRunOptions, checkSupervisorOptions } from './options.js';
import { NO_REAPER_WARNING, findReaper } from './reaper.js';
import { Run } from './run.js';
import { sweepLeftovers, type SweepReport } from './sweep.js';
import type { RunHandle, StartRunOptions, Supervisor, SupervisorOptions } from './types.js';
import { Watchdog } from './watchdog.js';
import { detectSandbox } from './sandbox/detect-sandbox.js';
import { editLimits } from './sandbox/edit-limits.js';

/** The host's `nobody`: the default uid and gid of sandboxes. */
const NOBODY = 65534;

function lowerOnly(base: RunLimits, requested: unknown): RunLimits {
  const asked = resolveLimits(base, requested, 'limits');
  const out = { ...base };
  for (const key of Object.keys(base) as Array<keyof RunLimits>) {
    const value = asked[key];
    if (value !== null && (out[key] === null || value < (out[key] as number))) (out as Record<string, number | null>)[key] = value;
  }
  return out;
}

export type { SweepReport } from './sweep.js';

export interface SupervisorInternals extends Supervisor {
  /** Resolves when the start-up sweep of dead servers' units is done. */
  readonly swept: Promise<SweepReport>;
  /** pid of the server-death watchdog, if armed. */
  readonly watchdogPid: number | undefined;
  /** Where run directories live. */
  readonly runsDir: string;
}

/** Creates a run supervisor. Containment is detected once, best first: per-run cgroup, else process group. */
export function createSupervisor(options?: SupervisorOptions): SupervisorInternals {
  const opts = checkSupervisorOptions(options);
  const layout = detectContainment(opts.cgroupRoot);
  const factory: ContainmentFactory =
    layout.kind === 'cgroup' ? createCgroupContainment(layout) : createProcessGroupContainment(layout.reason);
  const defaults: RunLimits = resolveLimits(DEFAULT_LIMITS, opts.limits, 'limits');
  if (!factory.hasMemoryLimit) defaults.memoryBytes = null;
  const runsDir = join(tmpdir(), 'forkscope-runs');
  mkdirSync(runsDir, { recursive: true });
  const swept: Promise<SweepReport> =
    opts.sweep === false ? Promise.resolve({ units: 0, killed: 0, failed: [] }) : sweepLeftovers(factory.roots, runsDir);
  const watchdog = opts.watchdog === false ? null : new Watchdog(`forkscope-${process.pid}-`, runsDir, factory.roots);
  const runs = new Map<string, Run>();
  let closed = false;
  const reaper = opts.reaper === false ? null : findReaper();
  const warnings = reaper ? factory.warnings : [...factory.warnings, NO_REAPER_WARNING];
  const sandbox = detectSandbox({ containment: factory, reaper, runsDir, uid: opts.sandboxUid ?? NOBODY, gid: opts.sandboxGid ?? NOBODY });
  // Started at the first run, not here: a supervisor that runs nothing costs nothing.
  const kernel = opts.kernelSources === false ? null : new KernelFacts();

  const context = {
    factory,
    runsDir,
    graceMs: opts.graceMs ?? 2000,
    sampleIntervalMs: opts.sampleIntervalMs ?? 10,
    watchdog,
    warnings,
    reaper,
    sandbox,
    kernel,
    onEnded: (run: Run) => {
      runs.delete(run.id);
    },
  };

  return {
    containment: factory.kind,
    warnings,
    limits: Object.freeze({ ...defaults }),
    sandbox,
    runs,
    swept,
    runsDir,
    get watchdogPid() {
      return watchdog?.pid;
    },
    startRun(startOptions: StartRunOptions): RunHandle {
      if (closed) throw new SupervisorError('ERR_SUPERVISOR_CLOSED', 'Cannot start a run: the supervisor is closed');
      const checked = checkStartRunOptions(startOptions);
      if (runs.has(checked.runId)) throw new SupervisorError('ERR_RUN_ID_TAKEN', `Cannot start run "${checked.runId}": a run with this id is live`);
      // An edited program gets the edited-run limits; a caller may lower them, never raise them.
      const limits = checked.edit ? lowerOnly(editLimits(checked.driver as Driver), checked.limits) : resolveLimits(defaults, checked.limits, 'limits');
      if (!factory.hasMemoryLimit) limits.memoryBytes = null;
      const driver = checked.driver;
      const driverId: Driver = typeof driver === 'object' ? driver.id : (driver ?? 'node');
      const run = new Run(context, checked, limits, driverId);
      runs.set(run.id, run);
      return run;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...runs.values()].map((run) => run.cancel()));
      await swept;
      await kernel?.close();
      await watchdog?.disarm();
    },
  };
}
