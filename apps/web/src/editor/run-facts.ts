// What any run did, whatever its program: the facts listed for a learner's own version, where the lesson's
// teaching points may not apply. Derived from the timeline model only (pure): processes created, zombies seen and
// for how long, orphans and who adopted them, what each process died of, how many lines it printed.
import type { ExitCause, TimelineModel } from '@forkscope/protocol';

export interface RunFacts {
  /** pids in lane order. */
  processes: number[];
  /** Each process seen as a zombie, for how long (µs; to now while it still is one). */
  zombies: Array<{ pid: number; us: number }>;
  /** Each process the kernel re-parented: its last new parent (`reaper`: the run's reaper). */
  orphans: Array<{ pid: number; to: number; reaper: boolean }>;
  /** How many processes ended each way, in order of first occurrence. */
  causes: Array<{ cause: ExitCause; pids: number[] }>;
  /** Complete and open output lines, every process together. */
  outputLines: number;
}

export function runFacts(model: TimelineModel): RunFacts {
  const processes = model.laneOrder.filter((pid) => model.processes[pid] !== undefined);
  const zombies: RunFacts['zombies'] = [];
  const orphans: RunFacts['orphans'] = [];
  const causes = new Map<ExitCause, number[]>();
  for (const pid of processes) {
    const p = model.processes[pid]!;
    let us = 0;
    let seen = false;
    for (const s of p.segments) {
      if (s.kind !== 'zombie') continue;
      seen = true;
      us += (s.end ?? model.now) - s.start;
    }
    if (seen) zombies.push({ pid, us });
    const last = p.reparented.at(-1);
    if (last) orphans.push({ pid, to: last.to, reaper: last.reaper === true });
    if (p.cause) causes.set(p.cause, [...(causes.get(p.cause) ?? []), pid]);
  }
  const outputLines = model.console.filter((line) => line.kind === 'output').length;
  return { processes, zombies, orphans, causes: [...causes].map(([cause, pids]) => ({ cause, pids })), outputLines };
}
