// The pure reducer: event stream → timeline model. The same code serves a live run, a replay, the CLI
// and scenario expectations.
//
// Immutable at the edges, mutable inside a batch: `applyEvents` copies what a batch touches once (the
// top-level arrays, each changed process, its segments) and mutates those copies in place, so a
// 20 000-event run applied in 16 ms batches costs one copy per batch, not one per event, and every
// untouched process keeps its identity (React and zustand selectors see exactly what changed).
//
// Real streams are messy and the reducer takes them as they come: events of different processes arrive
// in seq order but their `t` may be slightly out of order (segment boundaries are clamped so a lane
// never runs backwards); a child's `process.running` or output may arrive before its parent's
// `process.spawned` (the process is created provisional and filled in later); unknown types are counted
// and otherwise ignored; an event whose seq was already applied (a resumed stream) is skipped.

import { deriveExitCause, exitSignal } from './exit-cause.js';
import { layoutLanes } from './lane-order.js';
import { lifecycleText } from './lifecycle-text.js';
import type {
  Arrow,
  ConsoleLifecycle,
  ConsoleLine,
  Marker,
  ProcessModel,
  RunModel,
  Segment,
  SegmentKind,
  TimelineModel,
} from './model.js';
import { formatExit } from './signals.js';
import type { EventOf, ForkscopeEvent, OutputStream } from './types.js';

/** An empty model: no run yet (`status: 'idle'`), `lastSeq` −1. */
export function createTimelineModel(): TimelineModel {
  return {
    run: {
      runId: null,
      scenario: null,
      params: {},
      driver: null,
      containment: null,
      limits: null,
      warnings: [],
      rootPid: null,
      status: 'idle',
      reason: null,
      exitCode: null,
      leftovers: null,
      endedAt: null,
      startedAt: null,
    },
    processes: {},
    laneOrder: [],
    markers: [],
    arrows: [],
    console: [],
    now: 0,
    lastSeq: -1,
    eventCount: 0,
  };
}

/** Applies a batch of events; returns `model` itself when none of them was new. */
export function applyEvents(model: TimelineModel, events: readonly ForkscopeEvent[]): TimelineModel {
  if (events.length === 0) return model;
  const batch = new Batch(model);
  for (const event of events) batch.apply(event);
  return batch.finish();
}

/** Applies one event (prefer `applyEvents` for many: it copies once per batch). */
export function applyEvent(model: TimelineModel, event: ForkscopeEvent): TimelineModel {
  return applyEvents(model, [event]);
}

const LABEL_MAX = 80;

function shorten(text: string, max = LABEL_MAX): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

function previewValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

class Batch {
  private readonly owned = new WeakSet<object>();
  private run: RunModel;
  private processes: Record<number, ProcessModel>;
  private markers: Marker[];
  private arrows: Arrow[];
  private console: ConsoleLine[];
  private now: number;
  private lastSeq: number;
  private eventCount: number;
  private changed = false;
  private treeChanged = false;

  constructor(private readonly base: TimelineModel) {
    this.run = base.run;
    this.processes = base.processes;
    this.markers = base.markers;
    this.arrows = base.arrows;
    this.console = base.console;
    this.now = base.now;
    this.lastSeq = base.lastSeq;
    this.eventCount = base.eventCount;
  }

  // ── copy-on-first-write ──────────────────────────────────────────────────────────────────────────

  private own<T extends object>(value: T, copy: (v: T) => T): T {
    if (this.owned.has(value)) return value;
    const c = copy(value);
    this.owned.add(c);
    return c;
  }

  private runW(): RunModel {
    return (this.run = this.own(this.run, (r) => ({ ...r })));
  }

  private markersW(): Marker[] {
    return (this.markers = this.own(this.markers, (a) => a.slice()));
  }

  private arrowsW(): Arrow[] {
    return (this.arrows = this.own(this.arrows, (a) => a.slice()));
  }

  private consoleW(): ConsoleLine[] {
    return (this.console = this.own(this.console, (a) => a.slice()));
  }

  /** A writable copy of a known process, made once per batch. */
  private w(pid: number): ProcessModel {
    const p = this.processes[pid] as ProcessModel;
    if (this.owned.has(p)) return p;
    const c: ProcessModel = { ...p, segments: p.segments.slice() };
    this.owned.add(c);
    this.owned.add(c.segments);
    this.processes = this.own(this.processes, (r) => ({ ...r }));
    this.processes[pid] = c;
    return c;
  }

  // ── processes and segments ───────────────────────────────────────────────────────────────────────

  /** The process, writable; created provisional (known only by pid) when first heard of. */
  private proc(pid: number, t: number): ProcessModel {
    if (this.processes[pid]) return this.w(pid);
    const p: ProcessModel = {
      pid,
      ppid: 0,
      osPpid: 0,
      name: '?',
      daemon: false,
      target: null,
      depth: 0,
      discovered: false,
      command: null,
      spawnedAt: t,
      runningAt: null,
      mainEndedAt: null,
      exitedAt: null,
      exitCode: null,
      signal: null,
      cause: null,
      state: null,
      segments: [],
      reparented: [],
      vars: {},
      provisional: true,
      error: null,
      signals: [],
      exitSeq: null,
      spawnSeq: null,
      joiningTarget: null,
      refs: {},
    };
    this.owned.add(p);
    this.owned.add(p.segments);
    this.processes = this.own(this.processes, (r) => ({ ...r }));
    this.processes[pid] = p;
    this.treeChanged = true;
    if (this.run.rootPid === null) this.runW().rootPid = pid;
    return p;
  }

  /** A process that did something itself is running: open (or turn `spawned` into) a running segment. */
  private active(pid: number, t: number): ProcessModel {
    const known = this.processes[pid];
    if (known && known.exitedAt === null) {
      const open = openSegment(known);
      if (open && open.kind !== 'spawned') return known;
    } else if (known) return known;
    const p = this.proc(pid, t);
    const open = openSegment(p);
    if (p.exitedAt === null && (open?.kind === 'spawned' || (!open && p.segments.length === 0))) {
      this.transition(p, 'running', t);
    }
    return p;
  }

  /** Closes the open segment at `t` (never before its start) and opens `kind` there. */
  private transition(p: ProcessModel, kind: SegmentKind, t: number, target?: number): void {
    const start = this.closeOpen(p, t);
    const seg: Segment = target === undefined ? { kind, start, end: null } : { kind, start, end: null, target };
    p.segments.push(seg);
  }

  /** Closes the open segment, if any; returns the clamped time. Zero-length segments are dropped. */
  private closeOpen(p: ProcessModel, t: number): number {
    const last = p.segments[p.segments.length - 1];
    if (!last) return t;
    if (last.end !== null) return Math.max(t, last.end);
    const end = Math.max(t, last.start);
    if (end === last.start) p.segments.pop();
    else p.segments[p.segments.length - 1] = { ...last, end };
    return end;
  }

  private label = (pid: number): string => {
    const p = this.processes[pid];
    return p && !p.provisional ? `${p.name} · ${pid}` : `pid ${pid}`;
  };

  private refs(p: ProcessModel): NonNullable<ProcessModel['refs']> {
    return (p.refs = this.own(p.refs ?? {}, (r) => ({ ...r })));
  }

  // ── output arrays ────────────────────────────────────────────────────────────────────────────────

  private marker(m: Marker): number {
    const a = this.markersW();
    a.push(m);
    return a.length - 1;
  }

  private arrow(a: Arrow): number {
    const arr = this.arrowsW();
    arr.push(a);
    return arr.length - 1;
  }

  private updateArrow(index: number, patch: Partial<Arrow>): void {
    const arr = this.arrowsW();
    const old = arr[index];
    if (old) arr[index] = { ...old, ...patch };
  }

  private lifecycle(e: ForkscopeEvent, pid: number, lifecycle: ConsoleLifecycle): number {
    const c = this.consoleW();
    c.push({ seq: e.seq, t: e.t, pid, kind: 'lifecycle', stream: null, text: lifecycleText(lifecycle, this.label), lifecycle });
    return c.length - 1;
  }

  // ── events ───────────────────────────────────────────────────────────────────────────────────────

  apply(e: ForkscopeEvent): void {
    if (typeof e.seq === 'number' && e.seq <= this.lastSeq) return;
    this.changed = true;
    this.eventCount++;
    if (typeof e.seq === 'number') this.lastSeq = e.seq;
    if (e.t > this.now) this.now = e.t;
    if (typeof e.pid !== 'number') return;
    switch (e.type) {
      case 'run.started':
        return this.runStarted(e);
      case 'run.ended':
        return this.runEnded(e);
      case 'process.spawned':
        return this.spawned(e);
      case 'process.running':
        return this.running(e);
      case 'process.output':
        return this.output(e);
      case 'process.joining':
        return this.joining(e);
      case 'process.joined':
        return this.joined(e);
      case 'process.terminating':
        return this.terminating(e);
      case 'process.alive-checked':
        return this.aliveChecked(e);
      case 'process.main-ended':
        return this.mainEnded(e);
      case 'process.daemon-killed':
        return this.daemonKilled(e);
      case 'process.error':
        return this.error(e);
      case 'process.exited':
        return this.exited(e);
      case 'process.state':
        return this.state(e);
      case 'process.reparented':
        return this.reparented(e);
      case 'process.var':
        return this.variable(e);
      case 'process.input':
        return this.input(e);
      case 'net.listening':
      case 'net.accepted':
      case 'net.connected':
      case 'net.closed':
        return this.net(e);
      case 'output.truncated':
        return this.truncated(e);
      default:
        return; // a type from a newer protocol: counted, otherwise ignored
    }
  }

  private runStarted(e: EventOf<'run.started'>): void {
    const r = this.runW();
    r.runId = e.runId;
    r.scenario = e.scenario;
    r.params = e.params ?? {};
    r.driver = e.driver;
    r.containment = e.containment;
    r.limits = e.limits;
    r.warnings = e.warnings ?? [];
    r.status = 'running';
    r.startedAt = e.t;
    if (e.pid > 0 && r.rootPid === null) {
      r.rootPid = e.pid;
      this.treeChanged = true;
    }
  }

  private runEnded(e: EventOf<'run.ended'>): void {
    const r = this.runW();
    r.status = e.status;
    r.reason = e.reason ?? null;
    r.exitCode = e.exitCode ?? null;
    r.leftovers = e.leftovers;
    r.endedAt = e.t;
    if (e.pid > 0 && r.rootPid === null) {
      r.rootPid = e.pid;
      this.treeChanged = true;
    }
    for (const key of Object.keys(this.processes)) {
      const pid = Number(key);
      const known = this.processes[pid] as ProcessModel;
      const joinArrow = known.refs?.joinArrow;
      const killArrows = known.refs?.killArrows ?? [];
      if (!openSegment(known) && joinArrow === undefined && killArrows.length === 0) continue;
      const p = this.w(pid);
      this.closeOpen(p, e.t);
      p.joiningTarget = null;
      const refs = this.refs(p);
      if (joinArrow !== undefined) this.updateArrow(joinArrow, { tEnd: e.t });
      for (const i of killArrows) this.updateArrow(i, { tEnd: Math.max(e.t, this.arrows[i]?.t ?? e.t) });
      delete refs.joinArrow;
      delete refs.killArrows;
    }
    this.lifecycle(e, e.pid, {
      kind: 'run-ended',
      status: e.status,
      exitCode: e.exitCode ?? null,
      leftovers: e.leftovers,
      reason: e.reason ?? null,
      processes: Object.keys(this.processes).length,
    });
  }

  private spawned(e: EventOf<'process.spawned'>): void {
    const existed = this.processes[e.pid];
    const p = this.proc(e.pid, e.t);
    const firstSpawn = p.spawnSeq === null || p.spawnSeq === undefined;
    // The kernel sampler may discover a process its parent reports too: the parent's report wins.
    if (e.discovered && !firstSpawn && !p.discovered) {
      if (e.command !== undefined) p.command = e.command;
      return;
    }
    if (p.ppid !== e.ppid) {
      p.ppid = e.ppid;
      this.treeChanged = true;
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
        this.treeChanged = true;
      }
      const first = p.segments[0];
      if (first && first.start > e.t) p.segments.unshift({ kind: 'spawned', start: e.t, end: first.start });
      else if (!first && p.exitedAt === null) p.segments.push({ kind: 'spawned', start: e.t, end: null });
    } else {
      p.segments.push({ kind: 'spawned', start: e.t, end: null });
    }
    // Arrow from the parent, if the parent is part of the run (the root's parent is the supervisor).
    const refs = this.refs(p);
    const parentKnown = this.processes[e.ppid] !== undefined && e.ppid !== e.pid;
    if (refs.spawnArrow !== undefined) {
      if (parentKnown) this.updateArrow(refs.spawnArrow, { from: e.ppid });
    } else if (parentKnown) {
      const t = Math.min(e.t, p.spawnedAt);
      refs.spawnArrow = this.arrow({ kind: 'spawn', from: e.ppid, to: e.pid, t, tEnd: t, seq: e.seq });
    }
    if (firstSpawn) this.lifecycle(e, e.pid, { kind: 'spawned', by: e.ppid, daemon: e.daemon, discovered: e.discovered === true });
  }

  private running(e: EventOf<'process.running'>): void {
    const p = this.proc(e.pid, e.t);
    if (p.spawnSeq === null || p.spawnSeq === undefined) {
      if (p.ppid !== e.ppid) {
        p.ppid = e.ppid;
        this.treeChanged = true;
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
      if (p.segments.length === 0) this.transition(p, 'running', e.t);
    } else if (open.kind === 'spawned') {
      this.transition(p, 'running', e.t);
    } else if (open.kind === 'running' && e.t < open.start && p.segments.length === 1) {
      // Created from its output, which came first: the running segment starts at its first instruction.
      p.segments[0] = { ...open, start: e.t };
      if (e.t < p.spawnedAt) {
        p.spawnedAt = e.t;
        this.treeChanged = true;
      }
    }
  }

  private output(e: EventOf<'process.output'>): void {
    const known = this.active(e.pid, e.t);
    if (e.text === '') return;
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'output', label: shorten(e.text), stream: e.stream });

    const stream: OutputStream = e.stream;
    const pieces = e.text.split('\n');
    let open = known.refs?.openLine?.[stream];
    const openBefore = open;
    const c = this.consoleW();
    for (let i = 0; i < pieces.length; i++) {
      const complete = i < pieces.length - 1;
      const piece = (pieces[i] as string).replace(/\r$/, '');
      if (!complete && piece === '') break;
      const prev = open === undefined ? undefined : c[open];
      if (open !== undefined && prev) {
        c[open] = { ...prev, text: prev.text + piece, open: !complete };
        if (complete) open = undefined;
      } else {
        const line: ConsoleLine = { seq: e.seq, t: e.t, pid: e.pid, kind: 'output', stream, text: piece, open: !complete };
        if (e.untraced) line.untraced = true;
        c.push(line);
        open = complete ? undefined : c.length - 1;
      }
    }
    if (open !== openBefore) this.setOpenLine(this.w(e.pid), stream, open);
  }

  private setOpenLine(p: ProcessModel, stream: OutputStream, index: number | undefined): void {
    const refs = this.refs(p);
    const lines = { ...refs.openLine };
    if (index === undefined) delete lines[stream];
    else lines[stream] = index;
    refs.openLine = lines;
  }

  private joining(e: EventOf<'process.joining'>): void {
    this.active(e.pid, e.t);
    const p = this.w(e.pid);
    if (p.exitedAt === null) this.transition(p, 'joining', e.t, e.target);
    p.joiningTarget = e.target;
    this.refs(p).joinArrow = this.arrow({ kind: 'join', from: e.pid, to: e.target, t: e.t, tEnd: null, seq: e.seq });
  }

  private joined(e: EventOf<'process.joined'>): void {
    this.active(e.pid, e.t);
    const p = this.w(e.pid);
    const open = openSegment(p);
    if (open?.kind === 'joining') this.transition(p, p.mainEndedAt !== null ? 'exiting' : 'running', e.t);
    p.joiningTarget = null;
    const refs = this.refs(p);
    const index = refs.joinArrow;
    if (index !== undefined && this.arrows[index]?.to === e.target) {
      this.updateArrow(index, { tEnd: Math.max(e.t, this.arrows[index]?.t ?? e.t) });
      delete refs.joinArrow;
    }
    this.lifecycle(e, e.pid, { kind: 'joined', target: e.target, timedOut: e.timedOut });
  }

  private terminating(e: EventOf<'process.terminating'>): void {
    this.active(e.pid, e.t);
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'terminate', label: `${e.signal} → ${this.label(e.target)}`, target: e.target });
    const target = this.proc(e.target, e.t);
    target.signals = [...(target.signals ?? []), { seq: e.seq, t: e.t, by: e.pid, signal: e.signal, daemonKill: false }];
    const index = this.arrow({ kind: 'terminate', from: e.pid, to: e.target, t: e.t, tEnd: target.exitedAt === null ? null : e.t, seq: e.seq });
    if (target.exitedAt === null) {
      const refs = this.refs(target);
      refs.killArrows = [...(refs.killArrows ?? []), index];
    }
    this.recause(target);
    this.lifecycle(e, e.pid, { kind: 'terminating', target: e.target, signal: e.signal });
  }

  private aliveChecked(e: EventOf<'process.alive-checked'>): void {
    this.active(e.pid, e.t);
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'alive-check', label: `alive(${this.label(e.target)}) = ${e.alive}`, target: e.target });
    this.lifecycle(e, e.pid, { kind: 'alive-checked', target: e.target, alive: e.alive });
  }

  private mainEnded(e: EventOf<'process.main-ended'>): void {
    this.active(e.pid, e.t);
    const p = this.w(e.pid);
    if (p.mainEndedAt === null) p.mainEndedAt = e.t;
    if (p.exitedAt === null && openSegment(p)?.kind === 'running') this.transition(p, 'exiting', e.t);
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'main-ended', label: 'main code ended' });
  }

  private daemonKilled(e: EventOf<'process.daemon-killed'>): void {
    const p = this.proc(e.pid, e.t);
    p.signals = [...(p.signals ?? []), { seq: e.seq, t: e.t, by: e.by, signal: 'SIGTERM', daemonKill: true }];
    // A terminate the parent announced for the same kill becomes this daemon-kill arrow.
    const refs = this.refs(p);
    const same = (refs.killArrows ?? []).find((i) => {
      const a = this.arrows[i];
      return a !== undefined && a.kind === 'terminate' && a.from === e.by;
    });
    if (same !== undefined) this.updateArrow(same, { kind: 'daemon-kill' });
    else {
      const index = this.arrow({ kind: 'daemon-kill', from: e.by, to: e.pid, t: e.t, tEnd: p.exitedAt === null ? null : e.t, seq: e.seq });
      if (p.exitedAt === null) refs.killArrows = [...(refs.killArrows ?? []), index];
    }
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'daemon-kill', label: 'SIGTERM · daemon', target: e.by });
    this.recause(p);
    this.lifecycle(e, e.pid, { kind: 'daemon-killed', by: e.by });
  }

  private error(e: EventOf<'process.error'>): void {
    this.active(e.pid, e.t);
    const p = this.w(e.pid);
    p.error = { seq: e.seq, t: e.t, errorType: e.errorType, message: e.message, ...(e.code !== undefined ? { code: e.code } : {}) };
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'error', label: shorten(`${e.errorType}: ${e.message}`) });
    this.recause(p);
  }

  private exited(e: EventOf<'process.exited'>): void {
    const p = this.proc(e.pid, e.t);
    if (p.exitSeq !== null && p.exitSeq !== undefined) {
      // Reported twice (its parent and the supervisor): only a report that knows the code adds anything.
      if (p.exitCode !== null || (e.exitCode === null && e.signal === null)) return;
    }
    const t = this.closeOpen(p, e.t);
    p.exitedAt = p.exitedAt ?? t;
    p.exitCode = e.exitCode;
    p.signal = exitSignal(e.exitCode, e.signal);
    p.exitSeq = e.seq;
    p.joiningTarget = null;
    const refs = this.refs(p);
    for (const i of refs.killArrows ?? []) this.updateArrow(i, { tEnd: Math.max(p.exitedAt, this.arrows[i]?.t ?? p.exitedAt) });
    delete refs.killArrows;
    if (refs.joinArrow !== undefined) {
      this.updateArrow(refs.joinArrow, { tEnd: p.exitedAt });
      delete refs.joinArrow;
    }
    if (refs.openLine) {
      const c = this.consoleW();
      for (const index of Object.values(refs.openLine)) {
        const line = c[index];
        if (line) c[index] = { ...line, open: false };
      }
      delete refs.openLine;
    }
    this.recause(p, true);
  }

  /** Derives the exit cause again (new evidence may arrive after the exit) and writes its marker and line. */
  private recause(p: ProcessModel, exitChanged = false): void {
    if (p.exitedAt === null || p.exitSeq === null || p.exitSeq === undefined) return;
    const cause = deriveExitCause(p);
    const refs = this.refs(p);
    if (!exitChanged && cause === p.cause && refs.exitLine !== undefined) return;
    p.cause = cause;
    const badge = formatExit(p.exitCode, p.signal);
    const marker: Marker = { seq: p.exitSeq, t: p.exitedAt, pid: p.pid, kind: 'exit', label: badge };
    const lifecycle: ConsoleLifecycle = { kind: 'exited', exitCode: p.exitCode, signal: p.signal, cause: cause ?? 'unknown', badge };
    const line: ConsoleLine = {
      seq: p.exitSeq,
      t: p.exitedAt,
      pid: p.pid,
      kind: 'lifecycle',
      stream: null,
      text: lifecycleText(lifecycle, this.label),
      lifecycle,
    };
    if (refs.exitMarker === undefined) refs.exitMarker = this.marker(marker);
    else this.markersW()[refs.exitMarker] = marker;
    if (refs.exitLine === undefined) {
      const c = this.consoleW();
      c.push(line);
      refs.exitLine = c.length - 1;
    } else this.consoleW()[refs.exitLine] = line;
  }

  private state(e: EventOf<'process.state'>): void {
    const known = this.processes[e.pid];
    if (known && known.state === e.state && known.osPpid === e.ppid) return;
    const p = this.proc(e.pid, e.t);
    p.state = e.state;
    if (e.ppid > 0) p.osPpid = e.ppid;
    // Until its spawn or first instruction is reported, the kernel's parent is the best guess for the tree.
    if (p.provisional && p.ppid === 0 && e.ppid > 0) {
      p.ppid = e.ppid;
      this.treeChanged = true;
    }
    if (p.exitedAt !== null) return;
    if (e.state === 'Z') {
      if (openSegment(p)?.kind !== 'zombie') this.transition(p, 'zombie', e.t);
    } else if (p.segments.length === 0) {
      this.transition(p, 'running', e.t);
    }
  }

  private reparented(e: EventOf<'process.reparented'>): void {
    const p = this.proc(e.pid, e.t);
    p.reparented = [...p.reparented, { t: e.t, from: e.from, to: e.to }];
    p.osPpid = e.to;
    this.lifecycle(e, e.pid, { kind: 'reparented', from: e.from, to: e.to });
    this.recause(p);
  }

  private variable(e: EventOf<'process.var'>): void {
    this.active(e.pid, e.t);
    const p = this.w(e.pid);
    const vars = (p.vars = this.own(p.vars, (v) => ({ ...v })));
    vars[e.name] = [...(vars[e.name] ?? []), { t: e.t, value: e.value }];
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'var', label: shorten(`${e.name} = ${previewValue(e.value)}`) });
  }

  private input(e: EventOf<'process.input'>): void {
    const p = this.proc(e.pid, e.t);
    // A transcript, as a terminal shows it: the prompt waiting for its newline is a line of its own, the
    // typed line follows it, and the reply starts a new line instead of joining the prompt.
    if (p.refs?.openLine) {
      const c = this.consoleW();
      for (const index of Object.values(p.refs.openLine)) {
        const line = c[index];
        if (line) c[index] = { ...line, open: false };
      }
      delete this.refs(p).openLine;
    }
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'input', label: shorten(`> ${e.text}`) });
    this.lifecycle(e, e.pid, { kind: 'input', text: e.text });
  }

  private net(e: EventOf<'net.listening' | 'net.accepted' | 'net.connected' | 'net.closed'>): void {
    this.active(e.pid, e.t);
    const label =
      e.type === 'net.listening'
        ? `listening on :${e.port}`
        : e.type === 'net.accepted'
          ? `accepted ${e.peer}`
          : e.type === 'net.connected'
            ? `connected to ${e.peer}`
            : `closed ${e.peer}`;
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'net', label });
  }

  private truncated(e: EventOf<'output.truncated'>): void {
    if (!this.processes[e.pid]) this.proc(e.pid, e.t);
    this.marker({ seq: e.seq, t: e.t, pid: e.pid, kind: 'truncated', label: `${e.droppedBytes} bytes dropped` });
    this.lifecycle(e, e.pid, { kind: 'truncated', droppedBytes: e.droppedBytes });
  }

  // ── end of batch ─────────────────────────────────────────────────────────────────────────────────

  finish(): TimelineModel {
    if (!this.changed) return this.base;
    let laneOrder = this.base.laneOrder;
    if (this.treeChanged) {
      // The first process heard of is taken as the root; if it turns out to have a parent in the run
      // (a child's event overtook the root's first one), the root is its topmost ancestor.
      const root = this.run.rootPid;
      if (root !== null) {
        let top = root;
        const seen = new Set<number>([root]);
        for (;;) {
          const p = this.processes[top];
          const parent = p ? this.processes[p.ppid] : undefined;
          if (!parent || seen.has(parent.pid)) break;
          seen.add(parent.pid);
          top = parent.pid;
        }
        if (top !== root) this.runW().rootPid = top;
      }
      const layout = layoutLanes(this.processes, this.run.rootPid);
      laneOrder = sameOrder(laneOrder, layout.laneOrder) ? laneOrder : layout.laneOrder;
      for (const [pid, depth] of layout.depths) {
        if (this.processes[pid]?.depth !== depth) this.w(pid).depth = depth;
      }
    }
    return {
      run: this.run,
      processes: this.processes,
      laneOrder,
      markers: this.markers,
      arrows: this.arrows,
      console: this.console,
      now: this.now,
      lastSeq: this.lastSeq,
      eventCount: this.eventCount,
    };
  }
}

function openSegment(p: ProcessModel): Segment | undefined {
  const last = p.segments[p.segments.length - 1];
  return last && last.end === null ? last : undefined;
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
