// Read-only questions about a timeline model that expectations ask. Pure and browser-safe.
import type { MarkerKind, ProcessModel, TimelineModel } from '@forkscope/protocol';

/** A point of the run, identified by the event that made it. */
export interface Moment {
  seq?: number;
  t: number;
}

/** One complete line a process wrote; seq/t of its first piece. */
export interface OutputLine {
  seq: number;
  t: number;
  pid: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** True once the run has ended: nothing more will happen, so an undecided fact has failed. */
export function isFinal(model: TimelineModel): boolean {
  const s = model.run.status;
  return s !== 'running' && s !== 'idle';
}

/** The run's root process (MainProcess), once it reported itself. */
export function rootProcess(model: TimelineModel): ProcessModel | undefined {
  const pid = model.run.rootPid;
  return pid === null ? undefined : model.processes[pid];
}

/** Processes started through the Process API by `pid` (not ones the kernel sampler discovered), in spawn order. */
export function childrenOf(model: TimelineModel, pid: number): ProcessModel[] {
  return Object.values(model.processes)
    .filter((p) => p.ppid === pid && p.pid !== pid && !p.discovered)
    .sort((a, b) => a.spawnedAt - b.spawnedAt);
}

/** Every process of the run except the root, in spawn order. */
export function nonRootProcesses(model: TimelineModel): ProcessModel[] {
  return Object.values(model.processes)
    .filter((p) => p.pid !== model.run.rootPid && !p.discovered)
    .sort((a, b) => a.spawnedAt - b.spawnedAt);
}

/**
 * Complete output lines, in arrival order of their first piece. The reducer joins the pieces of a line
 * (a prompt, or an unbuffered Python print's separate writes); a line still waiting for its newline
 * counts once the run has ended.
 */
export function outputLines(model: TimelineModel, pid?: number): OutputLine[] {
  const final = isFinal(model);
  const lines: OutputLine[] = [];
  for (const c of model.console) {
    if (c.kind !== 'output' || (pid !== undefined && c.pid !== pid) || (c.open === true && !final)) continue;
    lines.push({ seq: c.seq, t: c.t, pid: c.pid, stream: c.stream ?? 'stdout', text: c.text });
  }
  return lines;
}

/** Lines of stdout whose text is exactly `text` (trailing whitespace ignored). */
export function linesEqual(lines: readonly OutputLine[], text: string): OutputLine[] {
  return lines.filter((l) => l.stream === 'stdout' && l.text.trimEnd() === text);
}

/** The moment a process exited: its exit marker when the model has one, else its exit time. */
export function exitMoment(_model: TimelineModel, p: ProcessModel): Moment | undefined {
  if (p.exitedAt === null) return undefined;
  return p.exitSeq !== null && p.exitSeq !== undefined ? { seq: p.exitSeq, t: p.exitedAt } : { t: p.exitedAt };
}

/** The moment a process's own code ended (`process.main-ended`). */
export function mainEndedMoment(model: TimelineModel, p: ProcessModel): Moment | undefined {
  if (p.mainEndedAt === null) return undefined;
  const marker = model.markers.find((m) => m.kind === 'main-ended' && m.pid === p.pid);
  return marker ? { seq: marker.seq, t: marker.t } : { t: p.mainEndedAt };
}

/** The end of the run (its last event), once it has ended. */
export function endMoment(model: TimelineModel): Moment | undefined {
  return model.run.endedAt === null ? undefined : { seq: model.lastSeq, t: model.run.endedAt };
}

/** The first marker of a kind on a process's lane. */
export function firstMarker(model: TimelineModel, pid: number, kind: MarkerKind) {
  return model.markers.find((m) => m.pid === pid && m.kind === kind);
}

/** `Process-1 (4127)` — how details name a process. */
export function describe(p: ProcessModel): string {
  return `${p.name} (${p.pid})`;
}

/** Seconds with millisecond precision, for details. */
export function seconds(t: number): string {
  return `${(t / 1e6).toFixed(3)} s`;
}

/**
 * The proof that a process failed with an error matching `pattern`: the error it reported
 * (`process.error`), or else a line of its stderr (a traceback).
 */
export function errorMatching(model: TimelineModel, pid: number, pattern: RegExp): Moment | undefined {
  const error = model.processes[pid]?.error;
  if (error && (pattern.test(error.message) || pattern.test(`${error.errorType}: ${error.message}`))) return { seq: error.seq, t: error.t };
  const line = outputLines(model, pid).find((l) => l.stream === 'stderr' && pattern.test(l.text));
  return line && { seq: line.seq, t: line.t };
}

/** Processes of the run with this name. */
export function processesNamed(model: TimelineModel, name: string): ProcessModel[] {
  return Object.values(model.processes).filter((p) => p.name === name && !p.discovered);
}
