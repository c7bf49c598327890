// The reducer's bookkeeping: a writable draft of a timeline model that the event handlers
// (reducer-handlers.ts) change, and that becomes a model again at the end of a batch.
//
// Immutable at the edges, mutable inside: the draft copies what a batch writes, once (a process and its
// segments, the run, the process table), and mutates those copies in place; every untouched process
// keeps its identity (React and zustand selectors see exactly what changed). The model's lists only
// grow: new markers, arrows and console lines wait in the draft and join the list once, at the end of
// the batch (a ChunkedList: the new version shares every chunk the batch did not touch). A draft that owns its model outright (`createTimelineReducer`) copies nothing.

import type { ChunkedList } from './chunked-list.js';
import { orderLanes } from './lane-order.js';
import type { Arrow, ConsoleLine, Marker, ProcessModel, RunModel, Segment, SegmentKind, TimelineModel } from './model.js';

/** A list of the model as a batch extends it: appends and rewrites of existing entries, applied once at the end. */
export class ListDraft<T> {
  private added: T[] = [];
  private rewritten: Map<number, T> | null = null;

  /** `inPlace`: the list is the draft's own (`ChunkedList.copy()`) and may be written directly. */
  constructor(
    private readonly base: ChunkedList<T>,
    private readonly inPlace: boolean,
  ) {}

  get length(): number {
    return this.base.length + this.added.length;
  }

  get(index: number): T | undefined {
    if (index >= this.base.length) return this.added[index - this.base.length];
    return this.rewritten?.get(index) ?? this.base.at(index);
  }

  /** Appends `item`; returns its index. */
  push(item: T): number {
    if (this.inPlace) return this.base.push(item);
    this.added.push(item);
    return this.length - 1;
  }

  set(index: number, item: T): void {
    if (this.inPlace) this.base.set(index, item);
    else if (index >= this.base.length) this.added[index - this.base.length] = item;
    else (this.rewritten ??= new Map()).set(index, item);
  }

  /** The list with this batch's changes (the same list when there were none), sharing what they left alone. */
  result(): ChunkedList<T> {
    if (this.inPlace) return this.base;
    return this.base.extended(this.added, this.rewritten);
  }
}

/** A process as it first appears: known only by its pid until its own events say who it is. */
function newProcess(pid: number, t: number): ProcessModel {
  return {
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
    died: null,
    fds: null,
    memory: [],
    exitSeq: null,
    spawnSeq: null,
    joiningTarget: null,
    refs: {},
  };
}

export function openSegment(p: ProcessModel): Segment | undefined {
  const last = p.segments[p.segments.length - 1];
  return last && last.end === null ? last : undefined;
}

export class ModelDraft {
  run: RunModel;
  processes: Record<number, ProcessModel>;
  readonly markers: ListDraft<Marker>;
  readonly arrows: ListDraft<Arrow>;
  readonly console: ListDraft<ConsoleLine>;
  now: number;
  lastSeq: number;
  eventCount: number;
  /** Some event was new. */
  changed = false;
  /** A process appeared or changed parent or spawn time: the lanes are laid out again. */
  treeChanged = false;

  /**
   * `owned`: the objects this draft may write in place. A batch draft starts with none (it copies
   * what it writes); a reducer's draft keeps one set for its whole life, with the model's lists in it.
   */
  constructor(
    private readonly base: TimelineModel,
    private readonly owned: WeakSet<object> = new WeakSet(),
  ) {
    this.run = base.run;
    this.processes = base.processes;
    this.markers = new ListDraft(base.markers, owned.has(base.markers));
    this.arrows = new ListDraft(base.arrows, owned.has(base.arrows));
    this.console = new ListDraft(base.console, owned.has(base.console));
    this.now = base.now;
    this.lastSeq = base.lastSeq;
    this.eventCount = base.eventCount;
  }

  // ── copy on first write ──────────────────────────────────────────────────────────────────────────

  own<T extends object>(value: T, copy: (v: T) => T): T {
    if (this.owned.has(value)) return value;
    const c = copy(value);
    this.owned.add(c);
    return c;
  }

  runW(): RunModel {
    return (this.run = this.own(this.run, (r) => ({ ...r })));
  }

  private processesW(): Record<number, ProcessModel> {
    return (this.processes = this.own(this.processes, (r) => ({ ...r })));
  }

  /** A writable copy of a known process, made once per batch. */
  w(pid: number): ProcessModel {
    const p = this.processes[pid] as ProcessModel;
    if (this.owned.has(p)) return p;
    const c: ProcessModel = { ...p, segments: p.segments.slice() };
    this.owned.add(c);
    this.owned.add(c.segments);
    this.processesW()[pid] = c;
    return c;
  }

  refs(p: ProcessModel): NonNullable<ProcessModel['refs']> {
    return (p.refs = this.own(p.refs ?? {}, (r) => ({ ...r })));
  }

  vars(p: ProcessModel): ProcessModel['vars'] {
    return (p.vars = this.own(p.vars, (v) => ({ ...v })));
  }

  /** The process's memory readings, writable (appended in place once owned). */
  memory(p: ProcessModel): NonNullable<ProcessModel['memory']> {
    return (p.memory = this.own(p.memory ?? [], (m) => m.slice()));
  }

  // ── processes and segments ───────────────────────────────────────────────────────────────────────

  /** The process, writable; created provisional (known only by pid) when first heard of. */
  proc(pid: number, t: number): ProcessModel {
    if (this.processes[pid]) return this.w(pid);
    const p = newProcess(pid, t);
    this.owned.add(p);
    this.owned.add(p.segments);
    this.processesW()[pid] = p;
    this.treeChanged = true;
    if (this.run.rootPid === null) this.runW().rootPid = pid;
    return p;
  }

  /** A process that did something itself is running: open (or turn `spawned` into) a running segment. */
  active(pid: number, t: number): ProcessModel {
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
  transition(p: ProcessModel, kind: SegmentKind, t: number, target?: number): void {
    const start = this.closeOpen(p, t);
    const seg: Segment = target === undefined ? { kind, start, end: null } : { kind, start, end: null, target };
    p.segments.push(seg);
  }

  /** Closes the open segment, if any; returns the clamped time. Zero-length segments are dropped. */
  closeOpen(p: ProcessModel, t: number): number {
    const last = p.segments[p.segments.length - 1];
    if (!last) return t;
    if (last.end !== null) return Math.max(t, last.end);
    const end = Math.max(t, last.start);
    if (end === last.start) p.segments.pop();
    else p.segments[p.segments.length - 1] = { ...last, end };
    return end;
  }

  /** `name · pid` for a process that said who it is, else `pid N`. */
  readonly label = (pid: number): string => {
    const p = this.processes[pid];
    return p && !p.provisional ? `${p.name} · ${pid}` : `pid ${pid}`;
  };

  updateArrow(index: number, patch: Partial<Arrow>): void {
    const old = this.arrows.get(index);
    if (old) this.arrows.set(index, { ...old, ...patch });
  }

  // ── end of batch ─────────────────────────────────────────────────────────────────────────────────

  /** The model with this batch applied (`base` itself when no event was new). */
  finish(): TimelineModel {
    if (!this.changed) return this.base;
    let laneOrder = this.base.laneOrder;
    if (this.treeChanged) {
      this.rootToTop();
      const layout = orderLanes(this.processes, this.run.rootPid);
      laneOrder = sameOrder(laneOrder, layout.laneOrder) ? laneOrder : layout.laneOrder;
      for (const [pid, depth] of layout.depths) {
        if (this.processes[pid]?.depth !== depth) this.w(pid).depth = depth;
      }
    }
    return {
      run: this.run,
      processes: this.processes,
      laneOrder,
      markers: this.markers.result(),
      arrows: this.arrows.result(),
      console: this.console.result(),
      now: this.now,
      lastSeq: this.lastSeq,
      eventCount: this.eventCount,
    };
  }

  /**
   * The first process heard of is taken as the root; if it turns out to have a parent in the run (a
   * child's event overtook the root's first one), the root is its topmost ancestor.
   */
  private rootToTop(): void {
    const root = this.run.rootPid;
    if (root === null) return;
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
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
