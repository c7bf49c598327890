// One run: starts the root inside its containment unit, merges the trace channel, raw output and kernel samples
// into one ordered event stream, enforces the limits, and ends by killing the whole unit.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { inputLineProblem, traceRecordToEvent, withResolvers } from '@forkscope/protocol';
import type { Driver, ForkscopeEvent, OutputStream, RunLimits, RunStatus, SignalName, TraceRecord, UnsequencedEvent } from '@forkscope/protocol';
import { monotonicMicros } from './clock.js';
import { Collector } from './collector.js';
import type { ContainmentFactory, ContainmentUnit } from './containment/unit.js';
import { SupervisorError } from './errors.js';
import { EventLog } from './event-log.js';
import { InputChannel } from './input-channel.js';
import { KernelSampler, emptyLedger, type ProcessLedger } from './kernel-sampler.js';
import type { KernelFacts } from './kernel-sources/kernel-facts.js';
import { RunFacts } from './kernel-sources/run-facts.js';
import { buildEnv, prepareLaunch, resolveExecutable } from './launch.js';
import { OutputCap } from './output-cap.js';
import { findTaggedProcesses, isAlive } from './proc-table.js';
import { decodeWaitStatus, parseReaperLine, REAPER_FD, reaperArgv, type ReaperReport } from './reaper.js';
import { runMessage } from './run-message.js';
import type { SandboxStatus } from './sandbox/detect-sandbox.js';
import { editedLaunchArgv } from './sandbox/edited-launch.js';
import { SandboxProcView } from './sandbox/sandbox-proc-view.js';
import type { ProgramLaunch } from './drivers/driver.js';
import type { EditedProgram } from './sandbox/edited-launch.js';
import type { RunHandle, RunResult, StartRunOptions } from './types.js';
import { waitFor } from './wait-for.js';
import type { Watchdog } from './watchdog.js';

export interface RunContext {
  factory: ContainmentFactory;
  runsDir: string;
  graceMs: number;
  sampleIntervalMs: number;
  watchdog: Watchdog | null;
  warnings: readonly string[];
  /** The built run reaper, or null: then the root is the supervisor's own child and init reaps orphans. */
  reaper: string | null;
  /** Whether edited programs can run here (detected once, at start). */
  sandbox: Promise<SandboxStatus>;
  /** The kernel's exits and signals, shared by the supervisor's runs, or null when off. */
  kernel: KernelFacts | null;
  onEnded(run: Run): void;
}

/** The sandbox's pid 1: bwrap starts the run's reaper there (`--as-pid-1`). */
const SANDBOX_REAPER_PID = 1;

/** What an edited run's facts come from: its pid namespace hides it from the machine-wide kernel sources. */
const SANDBOXED_SOURCES: { signals: 'report'; exits: 'sampler'; notes: string[] } = {
  signals: 'report',
  exits: 'sampler',
  notes: ["An edited program runs in a sandbox with pids of its own; the kernel's signal and exit records name the machine's pids, so this run shows what its processes report and the sampler sees."],
};

/** How long the run waits for its last processes to be reaped and its pipes to close after a kill. */
const KILL_SETTLE_MS = 5000;
const DRAIN_MS = 1000;

function pythonExitCode(code: number | null, signal: NodeJS.Signals | null): number | null {
  if (code !== null) return code;
  if (signal !== null) return -(osConstants.signals[signal] ?? 0);
  return null;
}

interface RootExit {
  exitCode: number | null;
  signal: SignalName | null;
  /** µs since the run started, when the reaper reaped it; null: when the supervisor saw it. */
  t: number | null;
}

export class Run implements RunHandle {
  readonly id: string;
  readonly result: Promise<RunResult>;
  private readonly log = new EventLog();
  private readonly startTm = monotonicMicros();
  private readonly startedAt = performance.now();
  private readonly ledger: ProcessLedger = emptyLedger();
  private readonly cap: OutputCap;
  private readonly collector: Collector;
  private readonly inputChannel: InputChannel;
  private readonly runDir: string;
  private readonly unitName: string;
  private unit: ContainmentUnit | null = null;
  private child: ChildProcess | null = null;
  private sampler: KernelSampler | null = null;
  private facts: RunFacts | null = null;
  private unsubscribeFacts: (() => void) | null = null;
  private rootPid = 0;
  /** The supervisor's own child: the reaper when the run has one, bwrap in a sandbox, else the root itself. */
  private launcherPid = 0;
  /**
   * The run's reaper as the run's pids number it: the supervisor's child, or in a sandbox its pid 1 (a sandboxed
   * run's pids are those of its own pid namespace: see sandbox/sandbox-proc-view.ts).
   */
  private reaperPid = 0;
  private rootExit: RootExit | null = null;
  private launcherExit: RootExit | null = null;
  private readonly earlyUntraced: TraceRecord[] = [];
  private reaperClosed = false;
  private rootExitEmitted = false;
  private ending: { status: RunStatus; reason: string | null; cause?: string } | null = null;
  private startError: unknown = null;
  private readonly startup: Promise<void>;
  private ticker: NodeJS.Timeout | null = null;
  private wallTimer: NodeJS.Timeout | null = null;
  private nextSampleAt = 0;
  private readonly resultSettled = withResolvers<RunResult>();

  constructor(
    private readonly ctx: RunContext,
    private readonly options: StartRunOptions & { runId: string; params: Record<string, unknown> },
    private readonly limits: RunLimits,
    driver: Driver,
  ) {
    this.id = options.runId;
    this.result = this.resultSettled.promise;
    this.cap = new OutputCap(limits.outputBytes);
    this.unitName = `forkscope-${process.pid}-${this.id}`;
    this.runDir = join(ctx.runsDir, this.unitName);
    this.inputChannel = new InputChannel(join(this.runDir, 'input.sock'));
    this.collector = new Collector({
      record: (record) => this.onRecord(record),
      untraced: (stream, text) => this.onUntraced(stream, text),
    });
    this.emit({
      type: 'run.started',
      t: 0,
      pid: 0,
      runId: this.id,
      scenario: options.scenario ?? null,
      params: options.params,
      driver,
      containment: ctx.factory.kind,
      limits,
      warnings: [...ctx.warnings],
      ...(options.edit ? { edit: { source: options.edit.source } } : {}),
    });
    this.startup = this.start().catch((error: unknown) => {
      this.startError = error;
    });
    void this.startup.then(() => {
      if (this.startError) void this.end('failed', failureReason(this.startError), errorMessage(this.startError));
    });
  }

  get events(): readonly ForkscopeEvent[] {
    return this.log.events;
  }

  subscribe(listener: (event: ForkscopeEvent) => void, fromSeq?: number): () => void {
    return this.log.subscribe(listener, fromSeq);
  }

  cancel(): Promise<RunResult> {
    return this.end('cancelled', 'cancel');
  }

  input(pid: number, text: string): void {
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new SupervisorError('ERR_INVALID_OPTION', `Expected \`pid\` to be a positive integer, got \`${String(pid)}\` (${typeof pid})`);
    const problem = typeof text === 'string' ? inputLineProblem(text) : 'a string';
    if (problem !== null) throw new SupervisorError('ERR_INVALID_OPTION', `Expected \`text\` to be ${problem}, got \`${String(text).slice(0, 40)}\` (${typeof text})`);
    if (this.ending) throw new SupervisorError('ERR_RUN_ENDED', `Run "${this.id}" has ended: input for pid ${pid} was not delivered`);
    this.emit({ type: 'process.input', t: this.now(), pid, text });
    this.inputChannel.send(pid, text);
  }

  private now(): number {
    return monotonicMicros() - this.startTm;
  }

  /** Every event but a record's goes through here: seq is assigned, then the ledger learns from it. */
  private emit(event: UnsequencedEvent): void {
    this.learn(this.log.append(event));
  }

  /** The ledger learns who spawned, exited, was re-parented or stands by. */
  private learn(sequenced: ForkscopeEvent | null): void {
    if (!sequenced) return;
    if (sequenced.type === 'process.spawned') {
      const first = !this.ledger.spawned.has(sequenced.pid);
      this.ledger.spawned.add(sequenced.pid);
      this.ledger.ppid.set(sequenced.pid, sequenced.ppid);
      if (first) this.facts?.learned(sequenced.pid);
    } else if (sequenced.type === 'process.running') {
      this.ledger.running.add(sequenced.pid);
      // At once, even before its parent's announcement is read: a fork child may be gone a few ms later.
      if (!this.ledger.hidden.has(sequenced.pid) || this.ledger.spawned.has(sequenced.pid)) this.sampler?.onRunning(sequenced.pid, sequenced.t);
    } else if (sequenced.type === 'process.exited') {
      this.ledger.exited.add(sequenced.pid);
    } else if (sequenced.type === 'process.reparented') {
      this.ledger.ppid.set(sequenced.pid, sequenced.to);
    } else if (sequenced.type === 'process.standby') {
      this.ledger.hidden.add(sequenced.pid);
    }
  }

  /** A record becomes its event in one copy, numbered as the log's next (the hot path of a busy run). */
  private onRecord(record: TraceRecord): void {
    if (!('untraced' in record)) this.ledger.traced.add(record.pid);
    const event = traceRecordToEvent(record, this.log.nextSeq, this.startTm);
    if (event.type === 'process.output') {
      if (this.cap.fits(event.text)) return this.learn(this.log.push(event));
      const admitted = this.cap.admit(event.text);
      if (admitted.text !== null) {
        // A text cut at the cap (once per run).
        if (admitted.text !== event.text) event.text = admitted.text;
        this.learn(this.log.push(event));
      }
      if (admitted.firstDrop) this.emit({ type: 'output.truncated', t: event.t, pid: event.pid, droppedBytes: admitted.dropped });
      return;
    }
    this.learn(this.log.push(event));
    if (event.type === 'process.exited' && event.signal === 'SIGXCPU') void this.end('limit', 'cpu');
  }

  private onUntraced(stream: OutputStream, text: string): void {
    if (!text) return;
    const record: TraceRecord = { type: 'process.output', pid: this.rootPid, stream, text, untraced: true, tm: monotonicMicros() };
    // Under a reaper the root's pid comes on the reaper's pipe, which may be read after the root's first output.
    if (!this.rootPid && this.ctx.reaper) this.earlyUntraced.push(record);
    else this.onRecord(record);
  }

  private flushEarlyUntraced(): void {
    for (const record of this.earlyUntraced.splice(0)) this.onRecord({ ...record, pid: this.rootPid });
  }

  private async start(): Promise<void> {
    const { factory } = this.ctx;
    const { edit } = this.options;
    // An edited run's pids are its sandbox's own (sandbox/sandbox-proc-view.ts): the kernel's facts name host pids.
    const kernel = edit ? null : this.ctx.kernel;
    const [launch, sources] = await Promise.all([edit ? null : prepareLaunch({ ...this.options, params: this.options.params }), kernel?.ready()]);
    if (this.ending) return;
    mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
    await this.inputChannel.listen();
    if (this.ending) return;
    const runEnv = {
      FORKSCOPE_RUN: this.id,
      FORKSCOPE_TRACE_FD: '3',
      FORKSCOPE_RUN_DIR: this.runDir,
      FORKSCOPE_PARAMS: JSON.stringify(this.options.params),
    };
    const reaper = this.ctx.reaper;
    let argv: string[];
    let env: Record<string, string>;
    if (edit) {
      // The hook of edited runs: the sandbox's argv, the reaper inside it; the wrapper and bwrap see only this env.
      argv = await this.sandboxedArgv(edit, runEnv);
      env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FORKSCOPE_RUN: this.id, FORKSCOPE_RUN_DIR: this.runDir };
      if (this.ending) return;
      if (this.ctx.kernel) this.emit({ type: 'run.sources', t: this.now(), pid: 0, ...SANDBOXED_SOURCES });
    } else {
      env = buildEnv((launch as ProgramLaunch).env, this.options.env, runEnv);
      argv = [...(launch as ProgramLaunch).argv];
      argv[0] = resolveExecutable(argv[0] ?? '', env['PATH']);
      // The wrapper joins the unit, then execs the reaper (which forks the root) or the root itself.
      if (reaper) argv = reaperArgv(reaper, argv);
      if (sources && kernel) {
        this.emit({ type: 'run.sources', t: this.now(), pid: 0, ...sources });
        // Before the root exists, so that no fact about the run's processes is missed.
        this.facts = new RunFacts(kernel, this.ledger, (event) => this.emit(event), this.startTm);
        this.unsubscribeFacts = kernel.subscribe(this.facts);
      }
    }
    const unit = factory.create({ name: this.unitName, runId: this.id }, this.limits);
    this.unit = unit;
    const wrapped = unit.launch(argv, this.limits.cpuSeconds);
    if (factory.kind === 'process-group') this.ctx.watchdog?.register(this.id);
    const child = spawn(wrapped.argv[0] as string, wrapped.argv.slice(1), {
      cwd: edit ? this.runDir : (launch?.cwd ?? this.options.cwd ?? this.runDir),
      env,
      detached: wrapped.detached,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', reaper ? 'pipe' : 'ignore'],
    });
    this.child = child;
    child.on('exit', (code, signal) => {
      this.launcherExit = { exitCode: pythonExitCode(code, signal), signal: signal as SignalName | null, t: null };
      if (!reaper) this.rootExit = this.launcherExit;
      else this.afterReaper();
    });
    if (child.pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new SupervisorError('ERR_RUN_FAILED', error.message, { cause: error });
    }
    child.on('error', () => {});
    this.launcherPid = child.pid;
    unit.adopt(child.pid);
    if (reaper) {
      this.reaperPid = edit ? SANDBOX_REAPER_PID : child.pid;
      this.ledger.reaperPid = this.reaperPid;
      this.ledger.hidden.add(this.reaperPid);
      this.readReaper(child.stdio[4] as Readable);
    } else {
      this.rootPid = child.pid;
      this.emit({ type: 'process.spawned', t: this.now(), pid: child.pid, ppid: process.pid, name: 'MainProcess', daemon: false, target: 'main' });
    }
    this.collector.readTrace(child.stdio[3] as Readable);
    this.collector.readRaw(child.stdout as Readable, 'stdout');
    this.collector.readRaw(child.stderr as Readable, 'stderr');
    const view = edit ? new SandboxProcView(unit, child.pid) : null;
    this.sampler = new KernelSampler({
      unit: view ?? unit,
      ...(view ? { procRoot: () => view.procRoot } : {}),
      ledger: this.ledger,
      emit: (event) => this.emit(event),
      now: () => this.now(),
      // The descriptors forkscope's own launcher holds; in a sandbox, its pid 1 (the reaper) as the view numbers it.
      launcherPid: () => (edit ? SANDBOX_REAPER_PID : this.launcherPid),
    });
    this.ticker = setInterval(() => this.tick(), this.ctx.sampleIntervalMs);
    this.wallTimer = setTimeout(() => void this.end('timeout', 'wall'), this.limits.wallMs);
  }

  /** Where an edited program runs: the sandbox, or a refusal saying why there is none. */
  private async sandboxedArgv(edit: EditedProgram, runEnv: Record<string, string>): Promise<string[]> {
    const status = await this.ctx.sandbox;
    if (!status.ok) throw new SupervisorError('ERR_SANDBOX_UNAVAILABLE', `Edited programs cannot run on this server: ${status.reason}`);
    const reaper = this.ctx.reaper as string; // the sandbox is unavailable without it
    const { getDriver } = await import('./drivers/index.js');
    const driver = typeof this.options.driver === 'object' ? this.options.driver : getDriver(this.options.driver ?? 'node');
    return editedLaunchArgv({
      edit,
      driver,
      params: this.options.params,
      runDir: this.runDir,
      sandbox: status,
      reaper,
      reaperFd: REAPER_FD,
      inputSocket: this.inputChannel.path,
      runEnv,
    });
  }

  /** The reaper's reports, one line each: the root's pid, then every child it reaped. */
  private readReaper(stream: Readable): void {
    let pending = '';
    stream.setEncoding('latin1');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = (lines.pop() ?? '').slice(-200);
      for (const line of lines) {
        const report = parseReaperLine(line);
        if (report?.kind === 'root') this.onReaped(report);
        // After this turn's I/O poll: what the process wrote on the trace channel before it ended is read first.
        else if (report) setImmediate(() => this.onReaped(report));
      }
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      this.reaperClosed = true;
      this.afterReaper();
    });
  }

  /**
   * Once the reaper has exited and its pipe is drained: if it never reported the root's end (it was killed with
   * the unit), the root ended as the reaper did.
   */
  private afterReaper(): void {
    if (!this.reaperClosed || !this.launcherExit) return;
    setImmediate(() => {
      if (!this.rootPid) {
        // The reaper could not even fork the root: it stands for the root.
        this.rootPid = this.reaperPid;
        this.emit({ type: 'process.spawned', t: this.now(), pid: this.rootPid, ppid: this.options.edit ? 0 : process.pid, name: 'MainProcess', daemon: false, target: 'main' });
        this.flushEarlyUntraced();
      }
      this.rootExit ??= this.launcherExit;
    });
  }

  private onReaped(report: ReaperReport): void {
    const { reaperPid } = this;
    const t = report.tm - this.startTm;
    if (report.kind === 'root') {
      if (this.rootPid) return; // one root per reaper: a second line is not the reaper's
      this.rootPid = report.pid;
      this.emit({ type: 'process.spawned', t, pid: report.pid, ppid: reaperPid, name: 'MainProcess', daemon: false, target: 'main' });
      this.flushEarlyUntraced();
      return;
    }
    const { exitCode, signal } = decodeWaitStatus(report.status);
    if (report.pid === this.rootPid) {
      this.rootExit = { exitCode, signal, t };
      return;
    }
    // A node standby whose parent ended before handing it a target: machinery, not part of the story.
    if (this.ledger.hidden.has(report.pid) && !this.ledger.spawned.has(report.pid)) return;
    if (this.ledger.exited.has(report.pid)) return;
    if (!this.ledger.spawned.has(report.pid)) {
      // Not announced yet (a process nobody traced): the sampler announces it with this status.
      this.ledger.reaped.set(report.pid, { exitCode, signal, t });
      return;
    }
    // Only the reaper's own children reach it: an orphan, re-parented to it when its parent died.
    if (this.ledger.ppid.get(report.pid) !== reaperPid) {
      this.emit({ type: 'process.reparented', t, pid: report.pid, from: this.ledger.ppid.get(report.pid) ?? 0, to: reaperPid, reaper: true });
    }
    this.emit({ type: 'process.exited', t, pid: report.pid, exitCode, signal, reapedBy: reaperPid });
    if (signal === 'SIGXCPU') void this.end('limit', 'cpu');
  }

  private emitRootExit(): void {
    if (this.rootExitEmitted || !this.rootExit || !this.rootPid) return;
    this.rootExitEmitted = true;
    const { exitCode, signal, t } = this.rootExit;
    this.emit({
      type: 'process.exited',
      t: t ?? this.now(),
      pid: this.rootPid,
      exitCode,
      signal,
      // Seen by the supervisor only: its own child, or in a sandbox (its reaper killed) nobody known.
      reapedBy: t !== null ? this.reaperPid : this.options.edit ? 0 : process.pid,
    });
    if (signal === 'SIGXCPU') void this.end('limit', 'cpu');
  }

  private tick(): void {
    // A limit first: a fork bomb is stopped before we spend time sampling it.
    const limit = this.ending ? null : this.unit?.limitHit();
    if (limit) void this.end('limit', limit);
    // The rest runs after this turn's I/O poll: trace lines already in the pipe (a parent's `process.spawned`, a
    // reaper's `process.exited`, the root's last words) are read before we decide nobody reported something.
    setImmediate(() => {
      this.emitRootExit();
      // A big unit (a fork bomb at its tasks limit) costs one /proc read per process: keep sampling under a
      // fifth of the event loop by spacing samples at least four sample-durations apart.
      const started = performance.now();
      if (started >= this.nextSampleAt) {
        this.sampler?.sample();
        const took = performance.now() - started;
        this.nextSampleAt = performance.now() + 4 * took;
      }
      if (!this.ending && this.unit && this.rootExitEmitted && this.unit.isEmpty()) void this.end('completed', null);
    });
  }

  private end(status: RunStatus, reason: string | null, cause?: string): Promise<RunResult> {
    if (!this.ending) {
      this.ending = { status, reason, cause };
      void this.finish();
    }
    return this.result;
  }

  private async finish(): Promise<void> {
    await this.startup;
    if (this.wallTimer) clearTimeout(this.wallTimer);
    const unit = this.unit;
    let leftovers = 0;
    if (unit && this.launcherPid) {
      const settled = () => this.rootExit !== null && unit.isEmpty();
      if (!settled()) {
        // A run over a limit gets no grace: a fork bomb or a memory hog would only use it to grow.
        const graceMs = this.ending?.status === 'limit' ? 0 : this.ctx.graceMs;
        const reason = this.ending?.reason ?? this.ending?.status ?? 'end';
        this.facts?.supervisorSends('SIGTERM', reason, this.now());
        unit.signalAll('SIGTERM');
        if (!(await waitFor(settled, graceMs))) {
          this.facts?.supervisorSends('SIGKILL', reason, this.now());
          unit.killAll();
          await waitFor(() => {
            if (!settled()) unit.killAll();
            return settled();
          }, KILL_SETTLE_MS, 10);
        }
      }
      await waitFor(() => this.collector.drained && (this.ctx.reaper === null || this.reaperClosed), DRAIN_MS);
      // The reaper's last reports are handled on the check phase: let them run before the end is written.
      await new Promise((resolve) => setImmediate(resolve));
      for (const stream of this.child?.stdio ?? []) stream?.destroy();
      if (this.ticker) clearInterval(this.ticker);
      this.emitRootExit();
      this.sampler?.sample();
      this.sampler?.finish();
      leftovers = this.countLeftovers(unit);
      // Late kernel facts would follow run.ended: the run's story ends here.
      this.unsubscribeFacts?.();
      await waitFor(() => unit.remove(), 1000, 10);
    } else if (unit) {
      unit.remove();
    }
    this.unsubscribeFacts?.();
    if (this.ctx.factory.kind === 'process-group') this.ctx.watchdog?.unregister(this.id);
    await this.inputChannel.close();
    rmSync(this.runDir, { recursive: true, force: true });
    const ending = this.ending ?? { status: 'failed' as const, reason: 'internal' };
    const exitCode = this.rootExit?.exitCode ?? null;
    const durationMs = performance.now() - this.startedAt;
    // The bundler's words on an edited program are the learner's to read; other causes may name the host's paths.
    const told = ending.reason === 'program' && ending.cause ? { message: ending.cause } : {};
    this.emit({ type: 'run.ended', t: this.now(), pid: this.rootPid, status: ending.status, reason: ending.reason, exitCode, leftovers, ...told });
    const result: RunResult = {
      runId: this.id,
      status: ending.status,
      reason: ending.reason,
      exitCode,
      leftovers,
      durationMs: Math.round(durationMs),
      message: runMessage(this.id, ending.status, ending.reason, durationMs, this.limits, ending.cause),
      outputDroppedBytes: this.cap.droppedBytes,
    };
    this.ctx.onEnded(this);
    this.resultSettled.resolve(result);
  }

  /**
   * Live processes of the run after the end. A cgroup is the authority on its members; a process group is not,
   * so there the /proc tag scan (environ reads, which can block on a busy process) is needed too.
   */
  private countLeftovers(unit: ContainmentUnit): number {
    const live = new Set(unit.pids().filter(isAlive));
    if (unit.kind === 'process-group') for (const stat of findTaggedProcesses(this.id)) live.add(stat.pid);
    return live.size;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failureReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ERR_CGROUP') return 'containment';
  if (code === 'ERR_RUN_FAILED') return 'spawn';
  if (code === 'ERR_SANDBOX_UNAVAILABLE') return 'sandbox';
  if (code === 'ERR_PROGRAM_BUNDLE_FAILED') return 'program';
  return 'driver';
}
