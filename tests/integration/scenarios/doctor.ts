// Doctoring a recorded event stream: remove, reorder or change events, then renumber seq so the result
// is a well-formed stream again (the reducer skips a seq it has already seen). Used to prove that every
// expectation can fail.
import { applyEvents, createTimelineModel, type ForkscopeEvent, type ProcessModel, type TimelineModel } from '@forkscope/protocol';

export type Events = ForkscopeEvent[];
export type Doctor = (events: Events, model: TimelineModel) => Events;

export const modelOf = (events: readonly ForkscopeEvent[]): TimelineModel => applyEvents(createTimelineModel(), events);

/** Renumbers seq in array order. */
export function renumber(events: Events): Events {
  return events.map((e, seq) => ({ ...e, seq }));
}

export const root = (m: TimelineModel): ProcessModel => m.processes[m.run.rootPid!]!;
export const children = (m: TimelineModel, pid = m.run.rootPid!): ProcessModel[] =>
  Object.values(m.processes)
    .filter((p) => p.ppid === pid && p.pid !== pid && !p.discovered)
    .sort((a, b) => a.spawnedAt - b.spawnedAt);
export const named = (m: TimelineModel, name: string): ProcessModel => Object.values(m.processes).find((p) => p.name === name)!;

type Pick = (m: TimelineModel) => ProcessModel;
const isOutput = (e: ForkscopeEvent, text: string, pid?: number): boolean =>
  e.type === 'process.output' && e.text.replace(/\n$/, '') === text && (pid === undefined || e.pid === pid);

/** Removes the events `pred` selects. */
export const drop = (pred: (e: ForkscopeEvent, m: TimelineModel) => boolean): Doctor => (events, m) => events.filter((e) => !pred(e, m));

/** Changes the events `pred` selects. */
export const change = (pred: (e: ForkscopeEvent, m: TimelineModel) => boolean, fn: (e: ForkscopeEvent, m: TimelineModel) => ForkscopeEvent): Doctor =>
  (events, m) => events.map((e) => (pred(e, m) ? fn(e, m) : e));

/** Moves the first event `pred` selects to just before the first event `before` selects. */
export const moveBefore = (pred: (e: ForkscopeEvent, m: TimelineModel) => boolean, before: (e: ForkscopeEvent, m: TimelineModel) => boolean): Doctor =>
  (events, m) => {
    const i = events.findIndex((e) => pred(e, m));
    if (i < 0) throw new Error('moveBefore: nothing to move');
    const moved = events[i]!;
    const rest = events.filter((_, k) => k !== i);
    const j = rest.findIndex((e) => before(e, m));
    if (j < 0) throw new Error('moveBefore: no anchor');
    return [...rest.slice(0, j), { ...moved, t: Math.min(moved.t, rest[j]!.t - 1) }, ...rest.slice(j)];
  };

/** Changes a line of output (exact text, without its newline). */
export const rewriteOutput = (from: string, to: string, pick?: Pick): Doctor =>
  change((e, m) => isOutput(e, from, pick?.(m).pid), (e) => ({ ...e, text: (e as { text: string }).text.replace(from, to) }) as ForkscopeEvent);

/** Removes a line of output. */
export const dropOutput = (text: string, pick?: Pick): Doctor => drop((e, m) => isOutput(e, text, pick?.(m).pid));

/** Prints a line from a process, just before its exit. */
export const addOutput = (pick: Pick, text: string): Doctor => (events, m) => {
  const p = pick(m);
  const i = events.findIndex((e) => e.type === 'process.exited' && e.pid === p.pid);
  const at = events[i - 1]!;
  const line: ForkscopeEvent = { seq: 0, t: at.t, type: 'process.output', pid: p.pid, stream: 'stdout', text: `${text}\n` };
  return [...events.slice(0, i), line, ...events.slice(i)];
};

/** Gives a process another exit code and signal. */
export const setExit = (pick: Pick, exitCode: number, signal: `SIG${string}` | null = null): Doctor =>
  change((e, m) => e.type === 'process.exited' && e.pid === pick(m).pid, (e) => ({ ...e, exitCode, signal }) as ForkscopeEvent);

/** Makes a process exit after the root did. */
export const exitAfterRoot = (pick: Pick): Doctor => (events, m) => {
  const rootExit = root(m).exitedAt!;
  return change((e, mm) => e.type === 'process.exited' && e.pid === pick(mm).pid, (e) => ({ ...e, t: rootExit + 1000 }))(events, m);
};

/** Adds a child the root never started (one more `process.spawned`). */
export const extraChild = (parent: Pick = root): Doctor => (events, m) => {
  const p = parent(m);
  const i = events.findIndex((e) => e.type === 'process.main-ended' && e.pid === p.pid);
  const at = events[Math.max(0, i)]!;
  const spawned: ForkscopeEvent = { seq: 0, t: at.t, type: 'process.spawned', pid: 999_999, ppid: p.pid, name: 'Intruder-9', daemon: false, target: 'f' };
  return [...events.slice(0, i), spawned, ...events.slice(i)];
};

/** Removes every event of one process (as if it never reported). */
export const vanish = (pick: Pick): Doctor => drop((e, m) => e.pid === pick(m).pid && e.type !== 'run.ended');

/** Removes the run's end: what a live viewer sees mid-run (pending facts become failures only at the end). */
export const cutAt = (pred: (e: ForkscopeEvent, m: TimelineModel) => boolean): Doctor => (events, m) => {
  const i = events.findIndex((e) => pred(e, m));
  return [...events.slice(0, i), events.at(-1)!];
};

export const isExitOf = (pick: Pick) => (e: ForkscopeEvent, m: TimelineModel): boolean => e.type === 'process.exited' && e.pid === pick(m).pid;
export const isOutputOf = (text: string, pick?: Pick) => (e: ForkscopeEvent, m: TimelineModel): boolean => isOutput(e, text, pick?.(m).pid);
export const seqOf = (e: ForkscopeEvent): number => e.seq;
