// Kernel truth for a run: samples /proc for the unit's processes and emits what the tracers cannot see —
// state changes (R/S/D/Z/T), re-parenting, processes that never reported themselves, exits nobody reported,
// each process's open descriptors soon after it starts running, and its memory (private against shared).
import type { FdRole, KernelState, SignalName, UnsequencedEvent } from '@forkscope/protocol';
import type { ContainmentUnit } from './containment/unit.js';
import { CommandReader } from './command-reader.js';
import { compareFds, readFds, type OpenFd } from './fd-table.js';
import { ListeningPorts } from './listening-ports.js';
import { MEMORY_READS_PER_SECOND, MemoryReader } from './memory-reader.js';
import { readStat } from './proc-table.js';
import type { MemoryFigures } from '@forkscope/protocol/smaps-rollup';
import { memoryChanged } from './memory-change.js';

/** What the run knows from events already emitted (by tracers or by us). */
export interface ProcessLedger {
  spawned: Set<number>;
  exited: Set<number>;
  /** Last ppid stated by an event for a pid. */
  ppid: Map<number, number>;
  /** Pids that wrote at least one trace record (they, or their parent, report their own lifecycle). */
  traced: Set<number>;
  /** The run's own machinery (its reaper; node standbys not yet started): never a lane unless spawned later. */
  hidden: Set<number>;
  /** pid of the run's reaper, or 0 when the run has none. */
  reaperPid: number;
  /** Exit statuses the reaper collected for processes nobody had announced yet. */
  reaped: Map<number, ReapedExit>;
  /** Pids that reported `process.running`: their descriptors are read once. */
  running: Set<number>;
}

export interface ReapedExit {
  exitCode: number | null;
  signal: SignalName | null;
  /** µs since the run started. */
  t: number;
}

/** A ledger with nothing in it yet. */
export function emptyLedger(): ProcessLedger {
  return { spawned: new Set(), exited: new Set(), ppid: new Map(), traced: new Set(), hidden: new Set(), reaperPid: 0, reaped: new Map(), running: new Set() };
}

/** How much longer discovery may wait for a command line still being read, µs. */
const COMMAND_WAIT_US = 500_000;

interface Tracked {
  pid: number;
  startTime: number;
  firstSeenT: number;
  state: KernelState | null;
  ppid: number;
  comm: string;
  goneAt: number | null;
}

export interface SamplerOptions {
  /** Lists the run's processes: the containment unit, or a sandbox's view numbered as inside. */
  unit: Pick<ContainmentUnit, 'pids'>;
  /**
   * Where the run's /proc entries are: `/proc` by default; a sandboxed run's own procfs, where its pids are the
   * ones its processes report. Every /proc read of the sampler goes through it.
   */
  procRoot?: () => string;
  ledger: ProcessLedger;
  emit: (event: UnsequencedEvent) => void;
  /** µs since the run started. */
  now: () => number;
  /** How long a process may take to report its own `process.spawned` before we emit a discovered one, µs. */
  discoverGraceUs?: number;
  /** The same when the process or its parent is traced: their report is coming, only the machine is slow. */
  tracedGraceUs?: number;
  /** How long a vanished process's reaper may take to report `process.exited`, µs. */
  exitGraceUs?: number;
  /** The run's launcher (its reaper, or the root without one): its stdout, stderr and fd 3 are forkscope's own. */
  launcherPid?: () => number;
  /** Whether to read descriptors and memory (default true; the bench measures the sampler without them). */
  details?: boolean;
  /** How often each process's memory is read at most, µs (default 250 ms). */
  memoryIntervalUs?: number;
}


/** Time a sample may spend reading descriptors, ms: the rest waits for the next sample. */
const FD_BUDGET_MS = 2;
/**
 * A process's memory is first read once it has lived this long, µs: reading it takes its mmap lock, which a
 * process starting up needs (a lesson's race — a daemon printing before its parent's end — must not be ours).
 * The moments of a short life are read by the process itself where they matter (see the README).
 */
const MEMORY_MIN_AGE_US = 100_000;

export class KernelSampler {
  private readonly tracked = new Map<number, Tracked>();
  private readonly commands: CommandReader;
  private readonly procRoot: () => string;
  private readonly discoverGraceUs: number;
  private readonly exitGraceUs: number;
  private readonly tracedGraceUs: number;
  private stopped = false;
  private readonly details: boolean;
  /** Pids whose descriptors were read (or could not be). */
  private readonly fdsDone = new Set<number>();
  /** Time spent reading descriptors since the last sample, ms. */
  private fdSpentMs = 0;
  private readonly ports = new ListeningPorts();
  private roles: Map<string, FdRole> | null = null;
  private readonly memory: MemoryReader;
  private readonly memoryIntervalUs: number;
  private readonly lastMemory = new Map<number, MemoryFigures>();

  constructor(private readonly opts: SamplerOptions) {
    this.discoverGraceUs = opts.discoverGraceUs ?? 100_000;
    this.exitGraceUs = opts.exitGraceUs ?? 100_000;
    this.tracedGraceUs = opts.tracedGraceUs ?? 1_000_000;
    this.procRoot = opts.procRoot ?? (() => '/proc');
    this.commands = new CommandReader(this.procRoot);
    this.details = opts.details ?? true;
    this.memoryIntervalUs = opts.memoryIntervalUs ?? 250_000;
    this.memory = new MemoryReader(opts.now, (pid, t, figures) => this.onMemory(pid, t, figures), this.procRoot);
  }

  /** Memory readings done so far (the bench's measure of the sampler's extra work). */
  get memoryReads(): number {
    return this.memory.reads;
  }

  /** The run's machinery (its reaper, a standby no start() has taken): never announced. */
  private isHidden(pid: number): boolean {
    return this.opts.ledger.hidden.has(pid) && !this.opts.ledger.spawned.has(pid);
  }

  /** One sample of the unit's processes. */
  sample(): void {
    if (this.stopped) return;
    const { unit, ledger } = this.opts;
    const t = this.opts.now();
    const inUnit = new Set(unit.pids());
    for (const pid of ledger.spawned) if (!ledger.exited.has(pid)) inUnit.add(pid);
    for (const pid of this.tracked.keys()) inUnit.add(pid);
    for (const pid of inUnit) this.observe(pid, t);
    this.settleVanished(t, false);
    if (this.details) this.readDetails(t);
  }

  /**
   * A process reported its first instruction: its descriptors are read now, while they are the ones it was
   * born with (a short-lived child may be gone by the next sample), unless this sample period's budget is
   * spent — then the next sample reads them.
   */
  onRunning(pid: number, runningAt: number): void {
    if (this.stopped || !this.details || this.fdsDone.has(pid) || this.fdSpentMs > FD_BUDGET_MS) return;
    const started = performance.now();
    this.readFdsOf(pid, readStat(pid, this.procRoot())?.ppid ?? 0, this.opts.now(), runningAt);
    this.fdSpentMs += performance.now() - started;
  }

  /** Descriptors of processes that started running (within a time budget), and memory readings that are due. */
  private readDetails(t: number): void {
    const { ledger } = this.opts;
    this.fdSpentMs = 0;
    const started = performance.now();
    // Siblings started together compare with the same parent: its descriptors are read once per sample.
    const parents = new Map<number, Set<string>>();
    const intervalUs = Math.max(this.memoryIntervalUs, (this.tracked.size * 1_000_000) / MEMORY_READS_PER_SECOND);
    for (const tracked of this.tracked.values()) {
      const { pid } = tracked;
      if (tracked.goneAt !== null || tracked.state === 'Z' || ledger.exited.has(pid) || !ledger.spawned.has(pid)) continue;
      if (t - tracked.firstSeenT >= MEMORY_MIN_AGE_US) this.memory.due(pid, intervalUs);
      if (this.fdsDone.has(pid) || !ledger.running.has(pid) || performance.now() - started > FD_BUDGET_MS) continue;
      this.readFdsOf(pid, tracked.ppid, t, tracked.firstSeenT, parents);
    }
  }

  /**
   * `aliveAt`: a moment the process already existed (µs): every descriptor it inherited existed then, so a TCP
   * table read since then names the listening ones among them.
   */
  private readFdsOf(pid: number, ppid: number, t: number, aliveAt: number, parents = new Map<number, Set<string>>()): void {
    this.fdsDone.add(pid);
    const since = performance.now() - Math.max(0, this.opts.now() - aliveAt) / 1000;
    const proc = this.procRoot();
    const own = readFds(pid, proc);
    if (!own) return;
    let parent = parents.get(ppid);
    if (!parent) {
      parent = new Set(ppid > 0 ? readFds(ppid, proc)?.fds.map((f) => f.identity) : []);
      parents.set(ppid, parent);
    }
    const inherited = parent;
    const emit = (ports: ReadonlyMap<number, number>) => {
      if (this.stopped) return; // the run has ended: nothing may follow run.ended
      const { fds, more } = compareFds(own, inherited, this.fdRoles(), ports);
      this.opts.emit({ type: 'process.fds', t, pid, ppid, fds, source: 'sampler', ...(more > 0 ? { more } : {}) });
    };
    if (!own.fds.some((f) => f.socketInode !== undefined)) emit(new Map());
    else void this.ports.of(pid, since, proc).then(emit);
  }

  /** forkscope's own descriptors, as the launcher holds them: its stdout and stderr, and the trace channel (fd 3). */
  private fdRoles(): ReadonlyMap<string, FdRole> {
    if (this.roles) return this.roles;
    const roles = new Map<string, FdRole>();
    const launcher = this.opts.launcherPid?.() ?? 0;
    const read = launcher > 0 ? readFds(launcher, this.procRoot()) : null;
    if (!read) return roles; // not known yet: asked again next time
    const byFd = new Map<number, OpenFd>(read.fds.map((f) => [f.fd, f]));
    for (const [fd, role] of [[1, 'run-output'], [2, 'run-output'], [3, 'trace']] as const) {
      const open = byFd.get(fd);
      if (open && open.kind !== 'device') roles.set(open.identity, role);
    }
    this.roles = roles;
    return roles;
  }

  private onMemory(pid: number, t: number, figures: MemoryFigures): void {
    const { ledger } = this.opts;
    if (this.stopped || ledger.exited.has(pid) || this.isHidden(pid)) return;
    if (!memoryChanged(this.lastMemory.get(pid), figures)) return;
    this.lastMemory.set(pid, figures);
    this.opts.emit({ type: 'process.memory', t, pid, ...figures, source: 'sampler' });
  }

  private observe(pid: number, t: number): void {
    const { ledger } = this.opts;
    if (this.isHidden(pid)) {
      // It may have been seen before its announcement as machinery arrived: forget it until it is spawned.
      this.tracked.delete(pid);
      this.commands.forget(pid);
      return;
    }
    let tracked = this.tracked.get(pid);
    if (tracked?.goneAt != null) return;
    const stat = readStat(pid, this.procRoot());
    if (!stat || (tracked && stat.startTime !== tracked.startTime)) {
      if (tracked) tracked.goneAt = t;
      return;
    }
    if (!tracked) {
      if (ledger.exited.has(pid)) return;
      tracked = { pid, startTime: stat.startTime, firstSeenT: t, state: null, ppid: stat.ppid, comm: stat.comm, goneAt: null };
      this.tracked.set(pid, tracked);
      if (!ledger.spawned.has(pid)) this.commands.request(pid);
    }
    if (stat.state !== 'Z' && stat.comm !== tracked.comm) {
      // A fork shows its parent's name until it execs: keep the latest name until the process is announced.
      tracked.comm = stat.comm;
      if (!ledger.spawned.has(pid)) this.commands.request(pid);
    }
    if (ledger.exited.has(pid)) return;
    if (!ledger.spawned.has(pid)) {
      const traced = ledger.traced.has(pid) || ledger.traced.has(stat.ppid);
      const age = t - tracked.firstSeenT;
      if (age < (traced ? this.tracedGraceUs : this.discoverGraceUs)) return;
      // Give the command line (read off the event loop) a moment more, so the lane can say what runs there.
      if (!this.commands.get(pid) && age < this.discoverGraceUs + COMMAND_WAIT_US) return;
      // The parent it had when first seen: by now it may have been re-parented, which the check below reports.
      this.emitDiscovered(tracked, tracked.ppid);
    }
    const knownPpid = ledger.ppid.get(pid) ?? tracked.ppid;
    if (stat.ppid !== knownPpid) {
      const toReaper = ledger.reaperPid > 0 && stat.ppid === ledger.reaperPid;
      this.opts.emit({ type: 'process.reparented', t, pid, from: knownPpid, to: stat.ppid, ...(toReaper ? { reaper: true } : {}) });
      ledger.ppid.set(pid, stat.ppid);
    }
    tracked.ppid = stat.ppid;
    if (stat.state !== tracked.state) {
      tracked.state = stat.state;
      this.opts.emit({ type: 'process.state', t, pid, state: stat.state, ppid: stat.ppid });
    }
  }

  private forgetDetails(pid: number): void {
    this.memory.forget(pid);
    this.lastMemory.delete(pid);
    this.fdsDone.delete(pid);
  }

  private emitDiscovered(tracked: Tracked, ppid: number): void {
    this.opts.emit({
      type: 'process.spawned',
      t: tracked.firstSeenT,
      pid: tracked.pid,
      ppid,
      name: tracked.comm,
      daemon: false,
      target: null,
      discovered: true,
      command: this.commands.get(tracked.pid) || tracked.comm,
    });
  }

  /**
   * Emits `process.exited` for processes gone without anyone reporting it: with the status the run's reaper
   * collected, else (init reaped it) with the code unknown.
   */
  private settleVanished(t: number, final: boolean): void {
    const { ledger } = this.opts;
    for (const tracked of this.tracked.values()) {
      if (this.isHidden(tracked.pid)) {
        this.tracked.delete(tracked.pid);
        this.commands.forget(tracked.pid);
        this.forgetDetails(tracked.pid);
        continue;
      }
      if (ledger.exited.has(tracked.pid)) {
        if (tracked.goneAt !== null) {
          this.tracked.delete(tracked.pid);
          this.commands.forget(tracked.pid);
          this.forgetDetails(tracked.pid);
        }
        continue;
      }
      if (tracked.goneAt === null && !final) continue;
      const reaped = ledger.reaped.get(tracked.pid);
      // A traced parent reports the exit of the child it reaped; give its report the longer grace.
      const grace = ledger.traced.has(tracked.ppid) ? this.tracedGraceUs : this.exitGraceUs;
      if (!final && !reaped && t - (tracked.goneAt as number) < grace) continue;
      if (!ledger.spawned.has(tracked.pid)) this.emitDiscovered(tracked, tracked.ppid);
      this.emitExit(tracked.pid, tracked.goneAt ?? t, tracked.ppid);
      this.tracked.delete(tracked.pid);
      this.commands.forget(tracked.pid);
      this.forgetDetails(tracked.pid);
    }
  }

  private emitExit(pid: number, goneAt: number, lastPpid = 0): void {
    const { ledger } = this.opts;
    const reaped = ledger.reaped.get(pid);
    if (reaped) {
      const from = ledger.ppid.get(pid) ?? lastPpid;
      // Only its own children reach the reaper: this one was re-parented to it, maybe between two samples.
      if (from !== ledger.reaperPid) {
        this.opts.emit({ type: 'process.reparented', t: reaped.t, pid, from, to: ledger.reaperPid, reaper: true });
        ledger.ppid.set(pid, ledger.reaperPid);
      }
      this.opts.emit({ type: 'process.exited', t: reaped.t, pid, exitCode: reaped.exitCode, signal: reaped.signal, reapedBy: ledger.reaperPid });
    } else {
      this.opts.emit({ type: 'process.exited', t: goneAt, pid, exitCode: null, signal: null, reapedBy: 0 });
    }
  }

  /** At the end of a run: every process that was seen or reported and has no exit gets one. */
  finish(): void {
    if (this.stopped) return;
    const { ledger } = this.opts;
    const t = this.opts.now();
    this.settleVanished(t, true);
    for (const pid of ledger.spawned) {
      if (!ledger.exited.has(pid)) this.emitExit(pid, t);
    }
    this.stopped = true;
    this.memory.stop();
  }
}
