// What each event type does to the timeline model, one handler per type, written against the draft
// (reducer-draft.ts). A type without a handler is counted and otherwise ignored.
//
// Real streams are messy and the handlers take them as they come: events of different processes arrive
// in seq order but their `t` may be slightly out of order (segment boundaries are clamped so a lane
// never runs backwards); a child's `process.running` or output may arrive before its parent's
// `process.spawned` (the process is created provisional and filled in later).

import { deriveExitCause, exitSignal } from './exit-cause.js';
import { lifecycleText } from './lifecycle-text.js';
import type { ConsoleLifecycle, ConsoleLine, Marker, ProcessModel } from './model.js';
import { openSegment, type ModelDraft } from './reducer-draft.js';
import { formatExit } from './signals.js';
import type { EventOf, EventType, ForkscopeEvent, OutputStream } from './types.js';

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
  target.signals = [...(target.signals ?? []), { seq: e.seq, t: e.t, by: e.pid, signal: e.signal, daemonKill: false }];
  const index = d.arrows.push({ kind: 'terminate', from: e.pid, to: e.target, t: e.t, tEnd: target.exitedAt === null ? null : e.t, seq: e.seq });
  if (target.exitedAt === null) {
    const refs = d.refs(target);
    refs.killArrows = [...(refs.killArrows ?? []), index];
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
  p.signals = [...(p.signals ?? []), { seq: e.seq, t: e.t, by: e.by, signal: 'SIGTERM', daemonKill: true }];
  // A terminate the parent announced for the same kill becomes this daemon-kill arrow.
  const refs = d.refs(p);
  const same = (refs.killArrows ?? []).find((i) => {
    const a = d.arrows.get(i);
    return a !== undefined && a.kind === 'terminate' && a.from === e.by;
  });
  if (same !== undefined) d.updateArrow(same, { kind: 'daemon-kill' });
  else {
    const index = d.arrows.push({ kind: 'daemon-kill', from: e.by, to: e.pid, t: e.t, tEnd: p.exitedAt === null ? null : e.t, seq: e.seq });
    if (p.exitedAt === null) refs.killArrows = [...(refs.killArrows ?? []), index];
  }
  d.markers.push({ seq: e.seq, t: e.t, pid: e.pid, kind: 'daemon-kill', label: 'SIGTERM · daemon', target: e.by });
  recause(d, p);
  lifecycle(d, e, e.pid, { kind: 'daemon-killed', by: e.by });
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
  p.exitCode = e.exitCode;
  p.signal = exitSignal(e.exitCode, e.signal);
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
};
