// One run's share of the kernel's facts: the exits and signals of the processes it knows, as events, and the
// supervisor's own report of the signals it sends when it ends the run (the fallback where no kernel source
// sees signals, and what the kernel's confirmation is joined to where one does).
import { signalName, type SignalName, type UnsequencedEvent } from '@forkscope/protocol';
import type { ProcessLedger } from '../kernel-sampler.js';
import { readStat } from '../proc-table.js';
import { decodeWaitStatus } from '../reaper.js';
import type { FactClaimer, KernelFact, KernelFacts } from './kernel-facts.js';

export class RunFacts implements FactClaimer {
  private readonly died = new Set<number>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly kernel: KernelFacts,
    private readonly ledger: ProcessLedger,
    private readonly emit: (event: UnsequencedEvent) => void,
    private readonly startTm: number,
  ) {}

  /** A process of the story (announced, not the run's machinery). */
  private knows(pid: number): boolean {
    return this.ledger.spawned.has(pid);
  }

  claim(fact: KernelFact): boolean {
    if (!this.knows(fact.kind === 'exit' ? fact.pid : fact.target)) return false;
    this.apply(fact);
    return true;
  }

  /** The run announced `pid`: what the kernel said of it before is the run's now. */
  learned(pid: number): void {
    for (const fact of this.kernel.take(pid)) this.apply(fact);
  }

  private apply(fact: KernelFact): void {
    const t = fact.tm - this.startTm;
    if (fact.kind === 'exit') {
      if (this.died.has(fact.pid)) return;
      this.died.add(fact.pid);
      const { exitCode, signal } = decodeWaitStatus(fact.status);
      this.emit({ type: 'process.died', t, pid: fact.pid, exitCode, signal, ppid: fact.ppid, source: 'kernel' });
      return;
    }
    this.emit({
      type: 'process.signalled',
      t,
      pid: fact.target,
      by: fact.by,
      signal: fact.signal,
      source: 'kernel',
      result: fact.result,
      code: fact.code,
      byName: fact.byName,
    });
  }

  /**
   * The supervisor is about to send `signal` to every process of the run (a cancel, a limit, the end of its
   * time): each process of the story still alive gets a report. Once per signal.
   */
  supervisorSends(signal: SignalName | number, reason: string, now: number): void {
    const name = typeof signal === 'number' ? signalName(signal) : signal;
    if (!name || this.reported.has(name)) return;
    this.reported.add(name);
    for (const pid of this.ledger.spawned) {
      if (this.ledger.exited.has(pid) || this.died.has(pid)) continue;
      const stat = readStat(pid);
      if (!stat || stat.state === 'Z') continue; // already dead: nothing to send to
      this.emit({ type: 'process.signalled', t: now, pid, by: process.pid, signal: name, source: 'supervisor', reason });
    }
  }
}
