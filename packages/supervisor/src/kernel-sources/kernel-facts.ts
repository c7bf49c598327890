// What the kernel says about processes, for every run of a supervisor: exits (netlink connector) and signals
// (bpftrace), each started once, at the first run, and stopped with the supervisor. The sources see the whole
// machine; each fact goes to the run that knows its pid. A fact no run knows yet (a process that died before
// anyone announced it) waits a little for the run that learns its pid.
import type { RunSourcesEvent } from '@forkscope/protocol';
import { ProcConnector, type ExitFact, type SourceState } from './proc-connector.js';
import { SignalTracer, tracerArgv, type SignalFact } from './signal-tracer.js';

export type KernelFact = ExitFact | SignalFact;

export type KernelSources = Pick<RunSourcesEvent, 'signals' | 'exits' | 'notes'>;

/** A run's side: takes the facts about pids it knows. */
export interface FactClaimer {
  claim(fact: KernelFact): boolean;
}

/** How long an unclaimed fact waits for a run to learn its pid, ms, and how many wait at most. */
const UNCLAIMED_MS = 2000;
const MAX_UNCLAIMED = 4096;
/** How long a run's start waits for the sources to be ready (bpftrace compiles its program: ~0.3 s). */
const READY_MS = 3000;

export interface KernelFactsOptions {
  exits?: boolean;
  signals?: boolean;
  /** How to start bpftrace (tests: a machine without it). */
  tracerArgv?: typeof tracerArgv;
}

export class KernelFacts {
  private connector: ProcConnector | null = null;
  private tracer: SignalTracer | null = null;
  private started: Promise<void> | null = null;
  private exits: SourceState = { on: false, note: 'exits: not started' };
  private signals: SourceState = { on: false, note: 'signals: not started' };
  private readonly claimers = new Set<FactClaimer>();
  private readonly unclaimed = new Map<number, Array<{ fact: KernelFact; at: number }>>();
  private unclaimedCount = 0;
  private closed = false;
  /** Facts received, for the bench. */
  received = 0;

  constructor(private readonly options: KernelFactsOptions = {}) {}

  /**
   * Starts the sources (once; a run's start waits for them, at most READY_MS) and says what they give now. A
   * source that comes up later is on for the runs after.
   */
  async ready(): Promise<KernelSources> {
    if (this.closed) return { signals: 'report', exits: 'sampler', notes: ['the supervisor is closed'] };
    this.started ??= this.start();
    await this.started;
    const { signals, exits } = this;
    return { signals: signals.on ? 'kernel' : 'report', exits: exits.on ? 'kernel' : 'sampler', notes: [signals.note, exits.note] };
  }

  private async start(): Promise<void> {
    const deliver = (fact: KernelFact) => this.deliver(fact);
    this.connector = this.options.exits === false ? null : new ProcConnector(deliver);
    this.tracer = this.options.signals === false ? null : new SignalTracer(deliver, this.options.tracerArgv);
    const watch = (state: Promise<SourceState> | undefined, set: (s: SourceState) => void, late: string): Promise<void> => {
      if (!state) return Promise.resolve();
      set({ on: false, note: late });
      const known = state.then(set);
      return Promise.race([known, new Promise<void>((resolve) => setTimeout(resolve, READY_MS).unref())]);
    };
    await Promise.all([
      this.connector
        ? watch(this.connector.state, (s) => (this.exits = s), 'exits: the netlink helper did not answer in time')
        : ((this.exits = { on: false, note: 'exits: the kernel sources are off for this supervisor' }), undefined),
      this.tracer
        ? watch(this.tracer.state, (s) => (this.signals = s), 'signals: bpftrace did not attach in time')
        : ((this.signals = { on: false, note: 'signals: the kernel sources are off for this supervisor' }), undefined),
    ]);
  }

  subscribe(claimer: FactClaimer): () => void {
    this.claimers.add(claimer);
    return () => this.claimers.delete(claimer);
  }

  /** Facts about `pid` that arrived before any run knew it (the run that just learned it takes them). */
  take(pid: number): KernelFact[] {
    const waiting = this.unclaimed.get(pid);
    if (!waiting) return [];
    this.unclaimed.delete(pid);
    this.unclaimedCount -= waiting.length;
    const now = performance.now();
    return waiting.filter((w) => now - w.at <= UNCLAIMED_MS).map((w) => w.fact);
  }

  private deliver(fact: KernelFact): void {
    this.received++;
    for (const claimer of this.claimers) if (claimer.claim(fact)) return;
    if (this.claimers.size === 0) return;
    const pid = fact.kind === 'exit' ? fact.pid : fact.target;
    const now = performance.now();
    const list = this.unclaimed.get(pid) ?? [];
    list.push({ fact, at: now });
    this.unclaimed.set(pid, list);
    this.unclaimedCount++;
    // Oldest pids first (a Map keeps insertion order): expired ones, then any beyond the cap.
    for (const [oldPid, waiting] of this.unclaimed) {
      if (this.unclaimedCount <= MAX_UNCLAIMED && now - (waiting.at(-1)?.at ?? 0) <= UNCLAIMED_MS) break;
      this.unclaimed.delete(oldPid);
      this.unclaimedCount -= waiting.length;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.claimers.clear();
    await Promise.all([this.connector?.stop(), this.tracer?.stop()]);
  }
}
