// Python's multiprocessing.Process on real OS processes. Every rule of CPython's Process that can hold
// in TypeScript holds here (see the package README for the few that cannot). A child runs its target the
// way Python's spawn start method does: a fresh runtime loads the program module and calls the export
// named by the parent with structured-clone arguments (runtime/run-program.ts is that child's side).
// Builtins beyond those Node loads anyway are fetched with process.getBuiltinModule where first needed:
// a child that starts no process of its own never loads child_process (start latency, see the bench).
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { withResolvers, type SignalName } from '@forkscope/protocol';
import { ProcessError, invalidArg } from './errors.js';
import { emit, monotonicMicros, traceChannelFd } from './trace/trace-channel.js';
import { context, currentAuthkey, type ParentInfo } from './runtime/process-context.js';
import { findExportName, getProgramExports } from './runtime/program-registry.js';
import { assertCloneable, encodeSpec, specEnv, type ChildSpec } from './runtime/child-spec.js';
import { takeStandby } from './runtime/standby-pool.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a target may take any arguments
export type ProcessTarget<A extends unknown[] = any[]> = (...args: A) => unknown;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ProcessTarget
export interface ProcessOptions<A extends unknown[] = any[]> {
  /** The function run() calls in the child. It must be exported from the program module. */
  target?: ProcessTarget<A> | null;
  /** Arguments for the target; copied at construction, structured-cloned at start(). */
  args?: A;
  /** Defaults to `<ClassName>-<identity>`, e.g. `Process-1`, `Process-1:2`, `MyProcess-3`. */
  name?: string | null;
  /** Defaults to the creating process's own daemon flag. */
  daemon?: boolean | null;
}

interface ProcessState {
  name: string;
  identity: number[];
  daemon: boolean;
  authkey: Uint8Array | null;
  /** pid of the process that constructed the object (CPython `_parent_pid`); null for the main process. */
  creatorPid: number | null;
  target: ProcessTarget | null;
  args: unknown[];
  /** start() handed target and args to the child and dropped them here (CPython deletes `_target`). */
  released: boolean;
  child: ChildProcess | null;
  pid: number | null;
  exitCode: number | null;
  closed: boolean;
  exited: Promise<void>;
  markExited: () => void;
}

// Internal state lives outside the object, so a subclass instance's own fields are exactly what the
// program put there: they are what travels to the child (CPython pickles `__dict__`).
const states = new WeakMap<object, ProcessState>();

function stateOf(process: object): ProcessState {
  const state = states.get(process);
  if (!state) throw new TypeError('Not a Process object: it was not constructed through new Process()');
  return state;
}

function newState(fields: Omit<ProcessState, 'exited' | 'markExited'>): ProcessState {
  const { promise: exited, resolve: markExited } = withResolvers();
  return { ...fields, exited, markExited };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ProcessTarget
export class Process<A extends unknown[] = any[]> {
  constructor(options: ProcessOptions<A> = {}) {
    if (options === null || typeof options !== 'object') throw invalidArg('the Process options', 'an object', options);
    const { target = null, args = [] as unknown as A, name = null, daemon = null } = options;
    if (target !== null && typeof target !== 'function') throw invalidArg('the `target` option', 'a function', target);
    if (!Array.isArray(args)) throw invalidArg('the `args` option', 'an array', args);
    if (name !== null && typeof name !== 'string') throw invalidArg('the `name` option', 'a string', name);
    if (daemon !== null && typeof daemon !== 'boolean') throw invalidArg('the `daemon` option', 'a boolean', daemon);
    const creator = stateOf(currentProcess());
    // Each construction takes a number, started or not (CPython `_identity`).
    const identity = [...creator.identity, context.counter++];
    states.set(
      this,
      newState({
        name: name || `${new.target.name}-${identity.join(':')}`,
        identity,
        daemon: daemon ?? creator.daemon,
        authkey: null,
        creatorPid: process.pid,
        target: target as ProcessTarget | null,
        args: [...args],
        released: false,
        child: null,
        pid: null,
        exitCode: null,
        closed: false,
      }),
    );
  }

  /** The process's name. Changing it after start() changes only this object, not the child's own name. */
  get name(): string {
    return stateOf(this).name;
  }

  set name(value: string) {
    if (typeof value !== 'string') throw invalidArg('`name`', 'a string', value);
    stateOf(this).name = value;
  }

  /** Daemon processes get SIGTERM when their parent's own code ends, and may not start children. */
  get daemon(): boolean {
    return stateOf(this).daemon;
  }

  set daemon(value: boolean) {
    const state = stateOf(this);
    if (state.child !== null) throw new ProcessError('ERR_DAEMON_AFTER_START', { name: state.name });
    if (typeof value !== 'boolean') throw invalidArg('`daemon`', 'a boolean', value);
    state.daemon = value;
  }

  /** 32 random bytes shared by a process tree (CPython `authkey`). */
  get authkey(): Uint8Array {
    const state = stateOf(this);
    return state.authkey ?? currentAuthkey();
  }

  set authkey(value: Uint8Array) {
    if (!(value instanceof Uint8Array)) throw invalidArg('`authkey`', 'a Uint8Array', value);
    stateOf(this).authkey = value;
  }

  /** The child's pid once started (also after it ended); null before start(). */
  get pid(): number | null {
    const state = openState(this, 'pid');
    return isCurrent(this) ? process.pid : state.pid;
  }

  /** CPython's alias of `pid`. */
  get ident(): number | null {
    return this.pid;
  }

  /** null while running (or unstarted); then 0, 1, N for exit(N), or −N for signal N. */
  get exitCode(): number | null {
    return openState(this, 'exitCode').exitCode;
  }

  /** Runs the target in the calling process. Subclasses override it; the child calls it. */
  run(): void | Promise<void> {
    const state = stateOf(this);
    if (state.released) throw new ProcessError('ERR_TARGET_RELEASED', { name: state.name, pid: state.pid });
    if (state.target === null) return;
    const result = state.target(...state.args);
    if (isThenable(result)) return Promise.resolve(result).then(() => undefined);
  }

  /** Starts the child process and returns at once; `pid` is set when it returns. */
  start(): void {
    const state = openState(this, 'start()');
    if (state.child !== null) throw new ProcessError('ERR_PROCESS_ALREADY_STARTED', { name: state.name, pid: state.pid });
    if (state.creatorPid !== process.pid) {
      throw new ProcessError('ERR_START_NOT_CREATOR', { name: state.name, current: process.pid });
    }
    const self = stateOf(currentProcess());
    if (self.daemon) throw new ProcessError('ERR_DAEMON_CHILDREN', { name: state.name, current: self.name });
    if (context.bootstrapping) throw new ProcessError('ERR_START_DURING_BOOTSTRAP', { name: state.name, current: self.name });
    if (context.entryFile === null || getProgramExports() === null) throw new ProcessError('ERR_NOT_IN_PROGRAM', { name: state.name });
    adoptFieldOverrides(this);

    const spec = childSpec(this, state, self);
    let encoded: string;
    try {
      encoded = encodeSpec(spec);
    } catch (error) {
      throw notCloneable(spec, error);
    }
    const stdio: StdioOptions = ['ignore', 'inherit', 'inherit'];
    const traceFd = traceChannelFd();
    if (traceFd !== null) {
      while (stdio.length < traceFd) stdio.push('ignore');
      stdio[traceFd] = traceFd;
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS; // ~40 ms per Node start, and programs need no extra CAs
    // The channel is gone (the collector closed it): the child must not take another fd 3 for it.
    if (traceFd === null) delete env.FORKSCOPE_TRACE_FD;
    // Stamped before spawn(): Node's spawn returns only once the child has exec'd, and the kernel
    // sampler can see the forked process before that.
    const forkedAt = monotonicMicros();
    // A standby of this process takes the spec at once; else a fresh Node process is spawned for it.
    const standby = takeStandby(encoded.length);
    const child = standby?.child ?? spawnChild(state, encoded, env, stdio);
    const pid = child.pid as number;

    const targetLabel = this.constructor !== Process ? this.constructor.name : (state.target?.name || null);
    state.child = child;
    state.pid = pid;
    state.target = null;
    state.args = [];
    state.released = true;
    context.children.add(this);
    emit({ type: 'process.spawned', pid, ppid: process.pid, name: state.name, daemon: state.daemon, target: targetLabel }, forkedAt);
    child.once('exit', (code, signal) => onExit(this, code, signal));
    // After the spawn record: the child's own records must not come before it.
    standby?.activate(encoded, env);
  }

  /**
   * Waits until the child ends, or `timeoutSeconds` passed. Resolves either way (check exitCode or
   * isAlive()); misuse (unstarted, closed, self) throws at the call, as Python raises.
   */
  join(timeoutSeconds?: number | null): Promise<void> {
    const state = openState(this, 'join()');
    if (isCurrent(this)) throw new ProcessError('ERR_JOIN_SELF', { name: state.name });
    if (state.creatorPid !== process.pid) {
      throw new ProcessError('ERR_NOT_A_CHILD', { name: state.name, current: process.pid, action: 'join()' });
    }
    if (state.child === null || state.pid === null) throw new ProcessError('ERR_PROCESS_NOT_STARTED', { name: state.name, action: 'join()' });
    if (timeoutSeconds !== undefined && timeoutSeconds !== null && (typeof timeoutSeconds !== 'number' || Number.isNaN(timeoutSeconds))) {
      throw invalidArg('the join() timeout', 'a number of seconds, or undefined to wait without limit', timeoutSeconds);
    }
    const target = state.pid;
    const timeoutMs = timeoutSeconds === undefined || timeoutSeconds === null ? null : Math.max(0, timeoutSeconds * 1000);
    emit({ type: 'process.joining', pid: process.pid, target, timeoutMs });
    const joined = (timedOut: boolean): void => emit({ type: 'process.joined', pid: process.pid, target, timedOut });
    if (state.exitCode !== null || timeoutMs === 0) {
      joined(state.exitCode === null);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (timedOut: boolean): void => {
        if (settled) return;
        settled = true;
        if (timer !== null) clearTimeout(timer);
        joined(timedOut);
        resolve();
      };
      // setTimeout's limit is 2^31−1 ms (24.8 days); longer timeouts are cut to it.
      const timer = timeoutMs === null ? null : setTimeout(() => finish(true), Math.min(timeoutMs, 2 ** 31 - 1));
      void state.exited.then(() => finish(false));
    });
  }

  /** Whether the child is running. False before start() and once its exit has been seen. */
  isAlive(): boolean {
    const state = openState(this, 'isAlive()');
    if (isCurrent(this)) return true;
    if (state.creatorPid !== process.pid) {
      throw new ProcessError('ERR_NOT_A_CHILD', { name: state.name, current: process.pid, action: 'isAlive()' });
    }
    if (state.pid === null) return false;
    const alive = state.exitCode === null;
    emit({ type: 'process.alive-checked', pid: process.pid, target: state.pid, alive });
    return alive;
  }

  /** Sends SIGTERM and returns at once (the child may still be alive right after). */
  terminate(): void {
    signalProcess(this, 'SIGTERM', 'terminate()');
  }

  /** Sends SIGKILL and returns at once. */
  kill(): void {
    signalProcess(this, 'SIGKILL', 'kill()');
  }

  /** Releases the object. Throws while the child runs; afterwards only name, daemon and authkey work. */
  close(): void {
    const state = stateOf(this);
    if (state.closed) return;
    if (state.child !== null && state.exitCode === null) {
      throw new ProcessError('ERR_PROCESS_STILL_RUNNING', { name: state.name, pid: state.pid });
    }
    state.closed = true;
    state.child = null;
    context.children.delete(this);
  }

  /** CPython's repr: `<Process name='Process-1' pid=5885 parent=5825 stopped exitcode=0>`. */
  toString(): string {
    const state = stateOf(this);
    const isMain = state.creatorPid === null && isCurrent(this);
    const parts = [`${isMain ? '_MainProcess' : this.constructor.name} name=${JSON.stringify(state.name).replace(/^"|"$/g, "'")}`];
    if (state.closed) return `<${parts[0]} closed>`;
    if (state.pid !== null) parts.push(`pid=${state.pid}`);
    parts.push(`parent=${isCurrent(this) ? (context.parent?.pid ?? 'None') : state.creatorPid}`);
    if (isCurrent(this)) parts.push('started');
    else if (state.pid === null) parts.push('initial');
    else if (state.exitCode === null) parts.push('started');
    else parts.push(`stopped exitcode=${state.exitCode < 0 ? `-${signalName(-state.exitCode) ?? -state.exitCode}` : state.exitCode}`);
    if (state.daemon) parts.push('daemon');
    return `<${parts.join(' ')}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function isCurrent(p: Process): boolean {
  return context.current === p;
}

/** The state, after CPython's `_check_closed()`. */
function openState(p: Process, action: string): ProcessState {
  const state = stateOf(p);
  if (state.closed) throw new ProcessError('ERR_PROCESS_CLOSED', { name: state.name, action });
  return state;
}

function signalProcess(p: Process, signal: NodeJS.Signals & SignalName, action: string): void {
  const state = openState(p, action);
  if (isCurrent(p)) throw new ProcessError('ERR_NOT_A_CHILD', { name: state.name, current: process.pid, action });
  if (state.child === null || state.pid === null) throw new ProcessError('ERR_PROCESS_NOT_STARTED', { name: state.name, action });
  if (state.exitCode !== null) return; // no effect once the exit is known
  emit({ type: 'process.terminating', pid: process.pid, target: state.pid, signal });
  sendSignal(state, signal);
}

function onExit(p: Process, code: number | null, signal: NodeJS.Signals | null): void {
  const state = stateOf(p);
  const signum = signal === null ? null : (signalNumbers()[signal] ?? null);
  state.exitCode = signum !== null ? -signum : code;
  context.children.delete(p);
  emit({ type: 'process.exited', pid: state.pid ?? 0, exitCode: state.exitCode, signal: signal as SignalName | null, reapedBy: process.pid });
  state.markExited();
}

/** A subclass class field named `name` or `daemon` shadows the accessor: apply it through the setter. */
function adoptFieldOverrides(p: Process): void {
  for (const key of ['name', 'daemon'] as const) {
    if (Object.hasOwn(p, key)) {
      const value = (p as unknown as Record<string, unknown>)[key];
      delete (p as unknown as Record<string, unknown>)[key];
      (p as unknown as Record<string, unknown>)[key] = value;
    }
  }
}

function childSpec(p: Process, state: ProcessState, self: ProcessState): ChildSpec {
  let className: string | null = null;
  if (p.constructor !== Process) {
    className = findExportName(p.constructor);
    if (className === null) throw new ProcessError('ERR_CLASS_NOT_EXPORTED', { name: state.name, className: p.constructor.name });
  }
  let targetName: string | null = null;
  if (state.target !== null) {
    targetName = findExportName(state.target);
    if (targetName === null) throw new ProcessError('ERR_TARGET_NOT_EXPORTED', { name: state.name, target: functionLabel(state.target) });
  }
  const fields: Record<string, unknown> = { ...(p as object) };
  const spec: ChildSpec = {
    v: 1,
    className,
    targetName,
    args: state.args,
    fields,
    name: state.name,
    identity: state.identity,
    daemon: state.daemon,
    authkey: state.authkey ?? currentAuthkey(),
    parentPid: process.pid,
    parentName: self.name,
  };
  return spec;
}

/** A function's name for messages; an inline arrow takes the option key (`target`) as its name: call it anonymous. */
function functionLabel(fn: ProcessTarget): string {
  const inferred = fn.name === 'target' && !/^(async\s+)?function\b/.test(Function.prototype.toString.call(fn));
  return fn.name && !inferred ? fn.name : '<anonymous>';
}

/** ERR_NOT_CLONEABLE for a spec that failed to serialise, naming the part that cannot be cloned. */
function notCloneable(spec: ChildSpec, error: unknown): ProcessError {
  const parts: Array<[string, unknown]> = [['its args', spec.args], ...Object.entries(spec.fields).map(([key, value]): [string, unknown] => [`its field ${JSON.stringify(key)}`, value])];
  for (const [what, value] of parts) {
    try {
      assertCloneable(value);
    } catch (partError) {
      return new ProcessError('ERR_NOT_CLONEABLE', { name: spec.name, what, reason: (partError as Error).message.replace(/\.$/, '') }, { cause: partError });
    }
  }
  return new ProcessError('ERR_NOT_CLONEABLE', { name: spec.name, what: 'its state', reason: (error as Error).message.replace(/\.$/, '') }, { cause: error });
}

/** Spawns a fresh Node process for a child (the spec travels in its environment). */
function spawnChild(state: ProcessState, encoded: string, baseEnv: NodeJS.ProcessEnv, stdio: StdioOptions): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...baseEnv, ...specEnv(encoded) };
  let child: ChildProcess;
  try {
    child = process.getBuiltinModule('node:child_process').spawn(process.execPath, [...process.execArgv, context.entryFile as string], { stdio, env });
  } catch (error) {
    discardSpecFile(env);
    throw new ProcessError('ERR_SPAWN_FAILED', { name: state.name, reason: (error as Error).message }, { cause: error });
  }
  // Node reports EAGAIN/EMFILE/ENOENT later as an 'error' event; start() fails now, as Python's does.
  child.once('error', () => {});
  if (child.pid === undefined) {
    discardSpecFile(env);
    throw new ProcessError('ERR_SPAWN_FAILED', { name: state.name, reason: 'no process was created: usually the process limit (EAGAIN) or the open-file limit (EMFILE)' });
  }
  return child;
}

/** A spec written to a file for a child that was never created would stay behind. */
function discardSpecFile(env: NodeJS.ProcessEnv): void {
  if (env.FORKSCOPE_SPEC_FILE) process.getBuiltinModule('node:fs').rmSync(env.FORKSCOPE_SPEC_FILE, { force: true });
}

function sendSignal(state: ProcessState, signal: NodeJS.Signals): void {
  try {
    state.child?.kill(signal);
  } catch {
    // the child is already gone (CPython swallows ProcessLookupError)
  }
}

function signalNumbers(): Record<string, number> {
  return process.getBuiltinModule('node:os').constants.signals;
}

function signalName(signum: number): string | undefined {
  return Object.entries(signalNumbers()).find(([, n]) => n === signum)?.[0];
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

// ---- the current process, its parent and its children ------------------------------------------

/** The Process object of the calling OS process: `MainProcess` in a run's root, the started object in a child. */
export function currentProcess(): Process {
  context.current ??= createMainProcess();
  return context.current;
}

/** The parent of the calling process (its pid and name), or null in the main process. */
export function parentProcess(): ParentProcess | null {
  return context.parent === null ? null : new ParentProcess(context.parent);
}

/** Started children of the calling process whose exit it has not yet seen. */
export function activeChildren(): Process[] {
  return [...context.children].filter((child) => stateOf(child).exitCode === null);
}

/** What a child knows of its parent (CPython `_ParentProcess`). */
export class ParentProcess {
  readonly pid: number;
  readonly name: string;

  constructor(info: ParentInfo) {
    this.pid = info.pid;
    this.name = info.name;
  }

  /** True while the parent lives: once it dies, the kernel re-parents this process. */
  isAlive(): boolean {
    return process.ppid === this.pid;
  }

  toString(): string {
    return `<_ParentProcess name='${this.name}' parent=${this.pid} unknown>`;
  }
}

function createMainProcess(): Process {
  const main = Object.create(Process.prototype) as Process;
  states.set(main, newState({
    name: 'MainProcess', identity: [], daemon: false, authkey: null, creatorPid: null,
    target: null, args: [], released: false, child: null, pid: null, exitCode: null, closed: false,
  }));
  return main;
}

// ---- the runtime's side ---------------------------------------------------------------------------

/**
 * Rebuilds, in a child, the object its parent started, without calling its constructor (as CPython
 * unpickles it): an instance of the exported class with its own fields, identity, name and target.
 */
export function reviveProcess(spec: ChildSpec, cls: (new (...args: never[]) => Process) | null, target: ProcessTarget | null): Process {
  const revived = Object.create((cls ?? Process).prototype) as Process;
  Object.assign(revived, spec.fields);
  states.set(revived, newState({
    name: spec.name, identity: spec.identity, daemon: spec.daemon, authkey: spec.authkey, creatorPid: spec.parentPid,
    target, args: spec.args, released: false, child: null, pid: null, exitCode: null, closed: false,
  }));
  return revived;
}

/** Sends SIGTERM to a daemon child at the end of its parent's own code (no `terminating` event). */
export function terminateDaemon(child: Process): void {
  sendSignal(stateOf(child), 'SIGTERM');
}
