// What each event type does to the timeline model, one handler per type, written against the draft
// (reducer-draft.ts). A type without a handler is counted and otherwise ignored.
//
// Real streams are messy and the handlers take them as they come: events of different processes arrive
// in seq order but their `t` may be slightly out of order (segment boundaries are clamped so a lane
// never runs backwards); a child's `process.running` or output may arrive before its parent's
// `process.spawned` (the process is created provisional and filled in later).

import { deriveExitCause, exitSignal } from './exit-cause.js';
import { lifecycleText } from './lifecycle-text.js';
import type { AnnouncedSignal, Arrow, ConsoleLifecycle, ConsoleLine, Marker, ProcessModel, Segment } from './model.js';
import { openSegment, type ModelDraft } from './reducer-draft.js';
import { formatExit } from './signals.js';
import type { EventOf, EventType, FactSource, ForkscopeEvent, OutputStream, SignalName } from './types.js';

type Handler<K extends EventType> = (d: ModelDraft, e: EventOf<K>) => void;

const LABEL_MAX = 80;

/** The first non-blank line of `text`, trimmed and cut to `max` characters. */
function shorten(text: string, max = LABEL_MAX): string {
  let line = '';
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const candidate = (nl === -1 ? text.slice(start) : text.slice(start, nl)).trim();
    if (candidate !== '') {
      line = candidate;
      break;
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function previewValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function lifecycle(d: ModelDraft, e: ForkscopeEvent, pid: number, facts: ConsoleLifecycle): number {
  return d.console.push({ seq: e.seq, t: e.t, pid, kind: 'lifecycle', stream: null, text: lifecycleText(facts, d.label), lifecycle: facts });
}

/** Derives the exit cause again (new evidence may arrive after the exit) and writes its marker and line. */
function recause(d: ModelDraft, p: ProcessModel, exitChanged = false): void {
  if (p.exitedAt === null || p.exitSeq === null || p.exitSeq === undefined) return;
  const cause = deriveExitCause(p);
  const refs = d.refs(p);
  if (!exitChanged && cause === p.cause && refs.exitLine !== undefined) return;
  p.cause = cause;
  const badge = formatExit(p.exitCode, p.signal);
  const marker: Marker = { seq: p.exitSeq, t: p.exitedAt, pid: p.pid, kind: 'exit', label: badge };
  const facts: ConsoleLifecycle = { kind: 'exited', exitCode: p.exitCode, signal: p.signal, cause: cause ?? 'unknown', badge };
  const line: ConsoleLine = { seq: p.exitSeq, t: p.exitedAt, pid: p.pid, kind: 'lifecycle', stream: null, text: lifecycleText(facts, d.label), lifecycle: facts };
  if (refs.exitMarker === undefined) refs.exitMarker = d.markers.push(marker);
  else d.markers.set(refs.exitMarker, marker);
  if (refs.exitLine === undefined) refs.exitLine = d.console.push(line);
  else d.console.set(refs.exitLine, line);
}

function setOpenLine(d: ModelDraft, p: ProcessModel, stream: OutputStream, index: number | undefined): void {
  const refs = d.refs(p);
  const lines = { ...refs.openLine };
  if (index === undefined) delete lines[stream];
  else lines[stream] = index;
  refs.openLine = lines;
}

const runStarted: Handler<'run.started'> = (d, e) => {
  const r = d.runW();
  r.runId = e.runId;
  r.scenario = e.scenario;
  r.params = e.params ?? {};
  r.driver = e.driver;
  r.containment = e.containment;
  r.limits = e.limits;
  r.warnings = e.warnings ?? [];
  r.edit = e.edit ? { source: e.edit.source } : null;
  r.status = 'running';
  r.startedAt = e.t;
  if (e.pid > 0 && r.rootPid === null) {
    r.rootPid = e.pid;
    d.treeChanged = true;
  }
};

const runEnded: Handler<'run.ended'> = (d, e) => {
  const r = d.runW();
  r.status = e.status;
  r.reason = e.reason ?? null;
  r.exitCode = e.exitCode ?? null;
  r.leftovers = e.leftovers;
  r.endedAt = e.t;
  if (e.message !== undefined) r.message = e.message;
  if (e.pid > 0 && r.rootPid === null) {
    r.rootPid = e.pid;
    d.treeChanged = true;
  }
  for (const key of Object.keys(d.processes)) {
    const pid = Number(key);
    const known = d.processes[pid] as ProcessModel;
    const joinArrow = known.refs?.joinArrow;
    const killArrows = known.refs?.killArrows ?? [];
    if (!openSegment(known) && joinArrow === undefined && killArrows.length === 0) continue;
    const p = d.w(pid);
    d.closeOpen(p, e.t);
    p.joiningTarget = null;
    const refs = d.refs(p);
    if (joinArrow !== undefined) d.updateArrow(joinArrow, { tEnd: e.t });
    for (const i of killArrows) d.updateArrow(i, { tEnd: Math.max(e.t, d.arrows.get(i)?.t ?? e.t) });
    delete refs.joinArrow;
    delete refs.killArrows;
  }
  lifecycle(d, e, e.pid, {
    kind: 'run-ended',
    status: e.status,
    exitCode: e.exitCode ?? null,
    leftovers: e.leftovers,
    reason: e.reason ?? null,
    processes: Object.keys(d.processes).length,
  });
};

const spawned: Handler<'process.spawned'> = (d, e) => {
  const existed = d.processes[e.pid];
  const p = d.proc(e.pid, e.t);
  const firstSpawn = p.spawnSeq === null || p.spawnSeq === undefined;
  // The kernel sampler may discover a process its parent reports too: the parent's report wins.
  if (e.discovered && !firstSpawn && !p.discovered) {
    if (e.command !== undefined) p.command = e.command;
    return;
  }
  if (p.ppid !== e.ppid) {
    p.ppid = e.ppid;
    d.treeChanged = true;
  }
  if (p.osPpid === 0) p.osPpid = e.ppid;
  // The child's own `process.running` knows its name best (a name changed after start stays the parent's).
  if (p.runningAt === null) p.name = e.name;
  p.provisional = false;
  p.daemon = e.daemon;
  p.target = e.target;
  p.discovered = e.discovered === true;
  if (e.command !== undefined) p.command = e.command;
  p.spawnSeq = e.seq;
  if (existed) {
    if (e.t < p.spawnedAt) {
      p.spawnedAt = e.t;
      d.treeChanged = true;
    }
    const first = p.segments[0];
    if (first && first.start > e.t) p.segments.unshift({ kind: 'spawned', start: e.t, end: first.start });
    else if (!first && p.exitedAt === null) p.segments.push({ kind: 'spawned', start: e.t, end: null });
  } else {
    p.segments.push({ kind: 'spawned', start: e.t, end: null });
  }
  // Arrow from the parent, if the parent is part of the run (the root's parent is the supervisor).
  const refs = d.refs(p);
  const parentKnown = d.processes[e.ppid] !== undefined && e.ppid !== e.pid;
  if (refs.spawnArrow !== undefined) {
    if (parentKnown) d.updateArrow(refs.spawnArrow, { from: e.ppid });
  } else if (parentKnown) {
    const t = Math.min(e.t, p.spawnedAt);
    refs.spawnArrow = d.arrows.push({ kind: 'spawn', from: e.ppid, to: e.pid, t, tEnd: t, seq: e.seq });
  }
  if (firstSpawn) lifecycle(d, e, e.pid, { kind: 'spawned', by: e.ppid, daemon: e.daemon, discovered: e.discovered === true });
};

const running: Handler<'process.running'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  if (p.spawnSeq === null || p.spawnSeq === undefined) {
    if (p.ppid !== e.ppid) {
      p.ppid = e.ppid;
      d.treeChanged = true;
    }
  }
  // The child reads its OS parent itself (under forkserver: the fork server, not the Process-tree parent).
  if (p.osPpid === 0 || p.reparented.length === 0) p.osPpid = e.ppid;
  p.provisional = false;
  p.name = e.name;
  if (p.runningAt === null) p.runningAt = e.t;
  if (p.exitedAt !== null) return;
  const open = openSegment(p);
  if (!open) {
    if (p.segments.length === 0) d.transition(p, 'running', e.t);
  } else if (open.kind === 'spawned') {
    d.transition(p, 'running', e.t);
  } else if (open.kind === 'running' && e.t < open.start && p.segments.length === 1) {
    // Created from its output, which came first: the running segment starts at its first instruction.
    p.segments[0] = { ...open, start: e.t };
    if (e.t < p.spawnedAt) {
      p.spawnedAt = e.t;
      d.treeChanged = true;
    }
  }
};

const output: Handler<'process.output'> = (d, e) => {
  const known = d.active(e.pid, e.t);
  const text = e.text;
  if (text === '') return;
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'output', label: shorten(text), stream: e.stream });

  const stream: OutputStream = e.stream;
  let open = known.refs?.openLine?.[stream];
  const openBefore = open;
  // One piece per line, the last one (after the last newline) unfinished unless empty.
  for (let start = 0; ; ) {
    const nl = text.indexOf('\n', start);
    const complete = nl !== -1;
    let piece = complete ? text.slice(start, nl) : text.slice(start);
    if (piece.charCodeAt(piece.length - 1) === 13) piece = piece.slice(0, -1);
    if (!complete && piece === '') break;
    const prev = open === undefined ? undefined : d.console.get(open);
    if (open !== undefined && prev) {
      d.console.set(open, { ...prev, text: prev.text + piece, open: !complete });
      if (complete) open = undefined;
    } else {
      const line: ConsoleLine = { seq: e.seq, t: e.t, pid: e.pid, kind: 'output', stream, text: piece, open: !complete };
      if (e.untraced) line.untraced = true;
      const index = d.console.push(line);
      open = complete ? undefined : index;
    }
    if (!complete) break;
    start = nl + 1;
  }
  if (open !== openBefore) setOpenLine(d, d.w(e.pid), stream, open);
};

const joining: Handler<'process.joining'> = (d, e) => {
  d.active(e.pid, e.t);
  const p = d.w(e.pid);
  if (p.exitedAt === null) d.transition(p, 'joining', e.t, e.target);
  p.joiningTarget = e.target;
  d.refs(p).joinArrow = d.arrows.push({ kind: 'join', from: e.pid, to: e.target, t: e.t, tEnd: null, seq: e.seq });
};

const joined: Handler<'process.joined'> = (d, e) => {
  d.active(e.pid, e.t);
  const p = d.w(e.pid);
  const open = openSegment(p);
  if (open?.kind === 'joining') d.transition(p, p.mainEndedAt !== null ? 'exiting' : 'running', e.t);
  p.joiningTarget = null;
  const refs = d.refs(p);
  const index = refs.joinArrow;
  if (index !== undefined && d.arrows.get(index)?.to === e.target) {
    d.updateArrow(index, { tEnd: Math.max(e.t, d.arrows.get(index)?.t ?? e.t) });
    delete refs.joinArrow;
  }
  lifecycle(d, e, e.pid, { kind: 'joined', target: e.target, timedOut: e.timedOut });
};

const terminating: Handler<'process.terminating'> = (d, e) => {
  d.active(e.pid, e.t);
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'terminate', label: `${e.signal} → ${d.label(e.target)}`, target: e.target });
  const target = d.proc(e.target, e.t);
  // The kernel saw it first (its report was read late): the report takes over the kernel's entry and arrow.
  const seen = kernelOnly(target, e.pid, e.signal);
  if (seen !== undefined) {
    adoptKernelEntry(d, target, seen, { seq: e.seq, t: e.t, daemonKill: false, source: 'process' }, 'terminate');
  } else {
    target.signals = [...(target.signals ?? []), { seq: e.seq, t: e.t, by: e.pid, signal: e.signal, daemonKill: false, source: 'process' }];
    addSignalArrow(d, target, { kind: 'terminate', from: e.pid, to: e.target, t: e.t, tEnd: null, seq: e.seq, signal: e.signal, source: 'process' });
  }
  recause(d, target);
  lifecycle(d, e, e.pid, { kind: 'terminating', target: e.target, signal: e.signal });
};

const aliveChecked: Handler<'process.alive-checked'> = (d, e) => {
  d.active(e.pid, e.t);
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'alive-check', label: `alive(${d.label(e.target)}) = ${e.alive}`, target: e.target });
  lifecycle(d, e, e.pid, { kind: 'alive-checked', target: e.target, alive: e.alive });
};

const mainEnded: Handler<'process.main-ended'> = (d, e) => {
  d.active(e.pid, e.t);
  const p = d.w(e.pid);
  if (p.mainEndedAt === null) p.mainEndedAt = e.t;
  if (p.exitedAt === null && openSegment(p)?.kind === 'running') d.transition(p, 'exiting', e.t);
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'main-ended', label: 'main code ended' });
};

const daemonKilled: Handler<'process.daemon-killed'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  const seen = kernelOnly(p, e.by, 'SIGTERM');
  if (seen !== undefined) {
    adoptKernelEntry(d, p, seen, { seq: e.seq, t: e.t, daemonKill: true, source: 'process' }, 'daemon-kill');
  } else {
    p.signals = [...(p.signals ?? []), { seq: e.seq, t: e.t, by: e.by, signal: 'SIGTERM', daemonKill: true, source: 'process' }];
    // A terminate the parent announced for the same kill becomes this daemon-kill arrow.
    const refs = d.refs(p);
    const same = (refs.killArrows ?? []).find((i) => {
      const a = d.arrows.get(i);
      return a !== undefined && a.kind === 'terminate' && a.from === e.by;
    });
    if (same !== undefined) d.updateArrow(same, { kind: 'daemon-kill' });
    else addSignalArrow(d, p, { kind: 'daemon-kill', from: e.by, to: e.pid, t: e.t, tEnd: null, seq: e.seq, signal: 'SIGTERM', source: 'process' });
  }
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'daemon-kill', label: 'SIGTERM · daemon', target: e.by });
  recause(d, p);
  lifecycle(d, e, e.pid, { kind: 'daemon-killed', by: e.by });
};

/** An arrow from a sender to `target`, open until the target exits (closed at once if it already has). */
function addSignalArrow(d: ModelDraft, target: ProcessModel, arrow: Arrow): number {
  const exited = target.exitedAt !== null;
  const index = d.arrows.push(exited ? { ...arrow, tEnd: arrow.t } : arrow);
  const refs = d.refs(target);
  if (!exited) refs.killArrows = [...(refs.killArrows ?? []), index];
  refs.signalArrows = [...(refs.signalArrows ?? []), index];
  return index;
}

/** The signal arrow of `target` from `by` with `signal` that `matches`, earliest first. */
function findSignalArrow(d: ModelDraft, target: ProcessModel, by: number, signal: SignalName, matches: (a: Arrow) => boolean): number | undefined {
  return (target.refs?.signalArrows ?? []).find((i) => {
    const a = d.arrows.get(i);
    return a !== undefined && a.from === by && a.signal === signal && matches(a);
  });
}

/** The index of the entry of `p.signals` only the kernel has reported so far, from `by` with `signal`. */
function kernelOnly(p: ProcessModel, by: number, signal: SignalName): number | undefined {
  const i = (p.signals ?? []).findIndex((s) => s.source === 'kernel' && s.by === by && s.signal === signal);
  return i === -1 ? undefined : i;
}

/** A report of a signal the kernel already showed: the entry and its arrow become the report's. */
function adoptKernelEntry(d: ModelDraft, p: ProcessModel, index: number, report: Pick<AnnouncedSignal, 'seq' | 't' | 'daemonKill' | 'source' | 'reason'>, kind: Arrow['kind']): void {
  const list = [...(p.signals ?? [])];
  const entry = list[index] as AnnouncedSignal;
  list[index] = { ...entry, ...report, fromRun: report.source === 'process' ? true : entry.fromRun };
  p.signals = list;
  const arrow = findSignalArrow(d, p, entry.by, entry.signal, (a) => a.source === 'kernel');
  if (arrow !== undefined) d.updateArrow(arrow, { kind, source: report.source });
}

const signalled: Handler<'process.signalled'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  const fromRun = e.by !== e.pid && e.by !== 0 && d.processes[e.by] !== undefined && !d.processes[e.by]?.provisional;
  if (e.source === 'kernel') {
    // The kernel's confirmation of a report: the earliest unconfirmed one from the same sender with the same signal.
    const list = p.signals ?? [];
    const index = list.findIndex((s) => s.source !== 'kernel' && s.kernel === undefined && s.by === e.by && s.signal === e.signal);
    if (index !== -1) {
      const confirmed = [...list];
      confirmed[index] = { ...(list[index] as AnnouncedSignal), kernel: { seq: e.seq, t: e.t, ...(e.result ? { result: e.result } : {}) } };
      p.signals = confirmed;
      const arrow = findSignalArrow(d, p, e.by, e.signal, (a) => a.confirmedAt === undefined);
      if (arrow !== undefined) d.updateArrow(arrow, { confirmedAt: e.t });
      return;
    }
  } else {
    const seen = kernelOnly(p, e.by, e.signal);
    if (seen !== undefined) {
      adoptKernelEntry(d, p, seen, { seq: e.seq, t: e.t, daemonKill: false, source: e.source, ...(e.reason ? { reason: e.reason } : {}) }, 'signal');
      recause(d, p);
      return;
    }
  }
  const entry: AnnouncedSignal = { seq: e.seq, t: e.t, by: e.by, signal: e.signal, daemonKill: false, source: e.source, fromRun };
  if (e.reason !== undefined) entry.reason = e.reason;
  if (e.byName !== undefined && !fromRun) entry.byName = e.byName;
  if (e.source === 'kernel') entry.kernel = { seq: e.seq, t: e.t, ...(e.result ? { result: e.result } : {}) };
  p.signals = [...(p.signals ?? []), entry];
  if (e.by !== e.pid) {
    const source: FactSource = e.source;
    addSignalArrow(d, p, { kind: 'signal', from: e.by, to: e.pid, t: e.t, tEnd: null, seq: e.seq, signal: e.signal, source, ...(e.source === 'kernel' ? { confirmedAt: e.t } : {}) });
  }
  if (!fromRun) {
    const sender = e.source === 'supervisor' ? 'supervisor' : e.by === 0 ? 'kernel' : e.byName ? `${e.byName} · ${e.by}` : `pid ${e.by}`;
    const why = e.reason ? ` (${e.reason})` : '';
    d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'signal', label: `${e.signal} ← ${sender}${why}`, ...(e.by > 0 ? { target: e.by } : {}) });
  }
  // The supervisor's signals end a run, which its last line says; any other unannounced signal gets a line.
  if (e.source === 'kernel') {
    lifecycle(d, e, e.pid, { kind: 'signalled', by: e.by, signal: e.signal, source: e.source, ...(entry.byName ? { byName: entry.byName } : {}) });
  }
  recause(d, p);
};

/** Makes the end of `p`'s lane, from `t` to `end` (null: still open), a zombie segment. */
function zombieFrom(p: ProcessModel, t: number, end: number | null): void {
  const segments = p.segments;
  const first = segments[0];
  const start = first ? Math.max(t, first.start) : t;
  // Segments that begin at or after its death were guesses (a sampler's late zombie, an exit stamped late).
  while (segments.length > 1 && (segments[segments.length - 1] as Segment).start >= start) segments.pop();
  const last = segments[segments.length - 1];
  if (last && last.start >= start) segments.pop();
  else if (last && (last.end === null || last.end > start)) segments[segments.length - 1] = { ...last, end: start };
  const zombieEnd = end === null ? null : Math.max(end, start);
  if (zombieEnd === null || zombieEnd > start) segments.push({ kind: 'zombie', start, end: zombieEnd });
}

const died: Handler<'process.died'> = (d, e) => {
  const known = d.processes[e.pid];
  if (known?.died) return;
  const p = d.proc(e.pid, e.t);
  p.died = { seq: e.seq, t: e.t, exitCode: e.exitCode, signal: e.signal, ppid: e.ppid, source: e.source };
  const open = openSegment(p);
  if (p.exitedAt === null) {
    if (open?.kind !== 'zombie' || open.start > e.t) zombieFrom(p, e.t, null);
  } else if (e.t < p.exitedAt) {
    // Its reap was read first: the zombie is carved out of the end of its lane.
    zombieFrom(p, e.t, p.exitedAt);
  }
  // Nobody in the run could see its status (init reaped it): the kernel did.
  if (p.exitedAt !== null && p.exitCode === null && (e.exitCode !== null || e.signal !== null)) {
    p.exitCode = e.exitCode;
    p.signal = exitSignal(e.exitCode, e.signal);
    recause(d, p, true);
  }
};

const fds: Handler<'process.fds'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  p.fds = { seq: e.seq, t: e.t, ppid: e.ppid, list: e.fds, more: e.more ?? 0, source: e.source };
};

const memory: Handler<'process.memory'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  const { seq, t, rss, pss, privateDirty, privateClean, sharedDirty, sharedClean, swap, source } = e;
  d.memory(p).push({ seq, t, rss, pss, privateDirty, privateClean, sharedDirty, sharedClean, swap, source });
};

const runSources: Handler<'run.sources'> = (d, e) => {
  d.runW().sources = { signals: e.signals, exits: e.exits, notes: [...e.notes] };
};

const error: Handler<'process.error'> = (d, e) => {
  d.active(e.pid, e.t);
  const p = d.w(e.pid);
  p.error = { seq: e.seq, t: e.t, errorType: e.errorType, message: e.message, ...(e.code !== undefined ? { code: e.code } : {}) };
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'error', label: shorten(`${e.errorType}: ${e.message}`) });
  recause(d, p);
};

const exited: Handler<'process.exited'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  if (p.exitSeq !== null && p.exitSeq !== undefined) {
    // Reported twice (its parent and the supervisor): only a report that knows the code adds anything.
    if (p.exitCode !== null || (e.exitCode === null && e.signal === null)) return;
  }
  const t = d.closeOpen(p, e.t);
  p.exitedAt = p.exitedAt ?? t;
  // Nobody in the run could see its status (init reaped it): the kernel's exit event did.
  const kernel = e.exitCode === null && e.signal === null ? p.died : null;
  p.exitCode = kernel ? kernel.exitCode : e.exitCode;
  p.signal = kernel ? exitSignal(kernel.exitCode, kernel.signal) : exitSignal(e.exitCode, e.signal);
  p.exitSeq = e.seq;
  p.joiningTarget = null;
  const refs = d.refs(p);
  for (const i of refs.killArrows ?? []) d.updateArrow(i, { tEnd: Math.max(p.exitedAt, d.arrows.get(i)?.t ?? p.exitedAt) });
  delete refs.killArrows;
  if (refs.joinArrow !== undefined) {
    d.updateArrow(refs.joinArrow, { tEnd: p.exitedAt });
    delete refs.joinArrow;
  }
  if (refs.openLine) {
    for (const index of Object.values(refs.openLine)) {
      const line = d.console.get(index);
      if (line) d.console.set(index, { ...line, open: false });
    }
    delete refs.openLine;
  }
  recause(d, p, true);
};

const state: Handler<'process.state'> = (d, e) => {
  const known = d.processes[e.pid];
  if (known && known.state === e.state && known.osPpid === e.ppid) return;
  const p = d.proc(e.pid, e.t);
  p.state = e.state;
  if (e.ppid > 0) p.osPpid = e.ppid;
  // Until its spawn or first instruction is reported, the kernel's parent is the best guess for the tree.
  if (p.provisional && p.ppid === 0 && e.ppid > 0) {
    p.ppid = e.ppid;
    d.treeChanged = true;
  }
  if (p.exitedAt !== null) return;
  if (e.state === 'Z') {
    if (openSegment(p)?.kind !== 'zombie') d.transition(p, 'zombie', e.t);
  } else if (p.segments.length === 0) {
    d.transition(p, 'running', e.t);
  }
};

const reparented: Handler<'process.reparented'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  const reaper = e.reaper === true ? { reaper: true } : {};
  p.reparented = [...p.reparented, { t: e.t, from: e.from, to: e.to, ...reaper }];
  p.osPpid = e.to;
  lifecycle(d, e, e.pid, { kind: 'reparented', from: e.from, to: e.to, ...reaper });
  recause(d, p);
};

const variable: Handler<'process.var'> = (d, e) => {
  d.active(e.pid, e.t);
  const vars = d.vars(d.w(e.pid));
  vars[e.name] = [...(vars[e.name] ?? []), { t: e.t, value: e.value }];
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'var', label: shorten(`${e.name} = ${previewValue(e.value)}`) });
};

const input: Handler<'process.input'> = (d, e) => {
  const p = d.proc(e.pid, e.t);
  // A transcript, as a terminal shows it: the prompt waiting for its newline is a line of its own, the
  // typed line follows it, and the reply starts a new line instead of joining the prompt.
  if (p.refs?.openLine) {
    const refs = d.refs(p);
    for (const index of Object.values(refs.openLine ?? {})) {
      const line = d.console.get(index);
      if (line) d.console.set(index, { ...line, open: false });
    }
    delete refs.openLine;
  }
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'input', label: shorten(`> ${e.text}`) });
  lifecycle(d, e, e.pid, { kind: 'input', text: e.text });
};

const net: Handler<'net.listening' | 'net.accepted' | 'net.connected' | 'net.closed'> = (d, e) => {
  d.active(e.pid, e.t);
  const label =
    e.type === 'net.listening'
      ? `listening on :${e.port}`
      : e.type === 'net.accepted'
        ? `accepted ${e.peer}`
        : e.type === 'net.connected'
          ? `connected to ${e.peer}`
          : `closed ${e.peer}`;
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'net', label });
};

const truncated: Handler<'output.truncated'> = (d, e) => {
  if (!d.processes[e.pid]) d.proc(e.pid, e.t);
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'truncated', label: `${e.droppedBytes} bytes dropped` });
  lifecycle(d, e, e.pid, { kind: 'truncated', droppedBytes: e.droppedBytes });
};

/**
 * The handler of each event type; one without is counted and otherwise ignored: a type from a newer
 * protocol, and `process.standby` (not a process of the story until a start() hands it a target).
 */
export const HANDLERS: { [K in EventType]?: Handler<K> } = {
  'run.started': runStarted,
  'run.ended': runEnded,
  'process.spawned': spawned,
  'process.running': running,
  'process.output': output,
  'process.joining': joining,
  'process.joined': joined,
  'process.terminating': terminating,
  'process.alive-checked': aliveChecked,
  'process.main-ended': mainEnded,
  'process.daemon-killed': daemonKilled,
  'process.error': error,
  'process.exited': exited,
  'process.state': state,
  'process.reparented': reparented,
  'process.var': variable,
  'process.input': input,
  'net.listening': net,
  'net.accepted': net,
  'net.connected': net,
  'net.closed': net,
  'output.truncated': truncated,
  'run.sources': runSources,
  'process.signalled': signalled,
  'process.died': died,
  'process.fds': fds,
  'process.memory': memory,
};
