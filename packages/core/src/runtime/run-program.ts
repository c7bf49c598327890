// The runtime every process of a node-driver program starts in (the bundle's entry calls runProgram).
// Without a child spec in its environment the process is a run's root: it loads the program module and
// calls `main(params)`. With one it is a child, as under Python's spawn start method: it loads the
// program module again (its top-level code runs again; starting a process there is an error), then
// rebuilds the object its parent started and calls its run().
import { fileURLToPath } from 'node:url';
import { ProcessError } from '../errors.js';
import { Process, currentProcess, reviveProcess, type ProcessTarget } from '../process.js';
import { captureOutput } from '../trace/output-capture.js';
import { emit, isTracing, monotonicMicros } from '../trace/trace-channel.js';
import { decodeSpec, takeChildSpec, type ChildSpec } from './child-spec.js';
import { endOwnCode, exitAfterFlush } from './end-of-code.js';
import { context } from './process-context.js';
import { getExport } from './program-registry.js';
import { reportError } from './report-error.js';
import { startStandbyPool } from './standby-pool.js';
import { takeStandbyFd, waitForTarget } from './standby-wait.js';

type ProgramModule = Record<string, unknown>;

/** Runs this process's part of the program; never returns (the process exits). */
export async function runProgram(entryUrl: string, load: () => Promise<ProgramModule>): Promise<never> {
  context.entryFile = fileURLToPath(entryUrl);
  // A standby (runtime/standby-pool.ts) waits here, loaded, until its parent's start() names its target.
  const standbyFd = takeStandbyFd();
  const activation = standbyFd === null ? null : waitForTarget(standbyFd);
  if (standbyFd !== null && activation === null) process.exit(0);
  const tm = monotonicMicros();
  const spec = activation ? decodeSpec(activation.spec) : takeChildSpec();
  if (isTracing()) captureOutput();
  listenForUncaught();
  if (spec === null) return runRoot(tm, load);
  return runChild(tm, spec, load);
}

async function runRoot(tm: number, load: () => Promise<ProgramModule>): Promise<never> {
  // Announced first: the sampler then waits a traced process's grace for the standbys' own announcement.
  emit({ type: 'process.running', pid: process.pid, ppid: process.ppid, name: currentProcess().name }, tm);
  // The program starts once the root's standbys are ready, so that its first start() runs a child at once.
  await startStandbyPool();
  const status = await ownCode(async () => {
    const program = await load();
    const main = program.main;
    if (typeof main === 'function') await (main as (params: Record<string, unknown>) => unknown)(readParams());
  }, null);
  return endOwnCode(status);
}

async function runChild(tm: number, spec: ChildSpec, load: () => Promise<ProgramModule>): Promise<never> {
  context.role = 'child';
  context.parent = { pid: spec.parentPid, name: spec.parentName };
  context.authkey = spec.authkey;
  // While the module loads, currentProcess() already has the child's name (as CPython's spawn.prepare sets it).
  context.current = reviveProcess(spec, null, null);
  context.bootstrapping = true;
  emit({ type: 'process.running', pid: process.pid, ppid: process.ppid, name: spec.name }, tm);

  // Bootstrap: the program's top-level code. Failing here ends the child at once, with no header and no
  // end-of-code handling (CPython's spawn_main fails before _bootstrap).
  const loaded = await ownCode(load, null);
  context.bootstrapping = false;
  if (loaded !== 0) return exitAfterFlush(loaded);

  const status = await ownCode(() => {
    const revived = reviveProcess(spec, exported(spec.className, 'class') as typeof Process | null, exported(spec.targetName, 'target') as ProcessTarget | null);
    context.current = revived;
    context.counter = 1; // CPython resets `_process_counter` in every child's _bootstrap
    return revived.run();
  }, () => `Process ${currentProcess().name}:`);
  return endOwnCode(status);
}

function exported(name: string | null, kind: 'class' | 'target'): unknown {
  if (name === null) return null;
  const value = getExport(name);
  if (typeof value === 'function') return value;
  // The parent found this export, so the program exports it conditionally or under another value here.
  throw kind === 'class'
    ? new ProcessError('ERR_CLASS_NOT_EXPORTED', { className: name })
    : new ProcessError('ERR_TARGET_NOT_EXPORTED', { target: name });
}

function readParams(): Record<string, unknown> {
  const raw = process.env.FORKSCOPE_PARAMS;
  if (raw === undefined || raw === '') return {};
  const params: unknown = JSON.parse(raw);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(`FORKSCOPE_PARAMS must be a JSON object, got ${raw.slice(0, 80)}`);
  }
  return params as Record<string, unknown>;
}

// ---- own code: the program's code, until it returns, throws, calls exit() or throws asynchronously --

let failOwnCode: ((error: unknown) => void) | null = null;
let ownCodeHeader: (() => string) | null = null;

function listenForUncaught(): void {
  process.on('uncaughtException', (error) => {
    if (failOwnCode !== null) failOwnCode(error);
    // After the own code ended (children are being joined): report it; the exit status stays.
    else reportError(error, ownCodeHeader?.() ?? null);
  });
}

/** Runs `code` and returns the exit status it ends with: 0, the exit() status, or 1 for an error. */
async function ownCode(code: () => unknown, header: (() => string) | null): Promise<number> {
  ownCodeHeader = header;
  const failed = new Promise<never>((_, reject) => (failOwnCode = reject));
  try {
    await Promise.race([Promise.resolve().then(code), failed]);
    return 0;
  } catch (error) {
    return reportError(error, header?.() ?? null);
  } finally {
    failOwnCode = null;
  }
}
