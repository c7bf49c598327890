// Export to the Chrome trace event format (the JSON that Perfetto, chrome://tracing and Chrome DevTools
// open). Built from the reducer's model, so the trace shows exactly the lanes the web shows: one process
// track per pid, a slice for its lifetime with its segments nested inside, flow arrows for spawn and every
// signal, counters for memory, instants for output, errors, descriptors, death and the exit. Timestamps are
// µs, which is what the format wants.
//
// Flow arrows bind two ways, so every viewer draws them: Perfetto and chrome://tracing bind `s` to the
// enclosing slice and `f` (with `bp: "e"`) to the enclosing slice; DevTools binds a flow event to the trace
// event with the same `ts`, `pid`, `tid` and `cat`, and keeps a flow only when its two ends differ in `ts`.
// So each end of an arrow gets an anchor: a zero-length slice of the flow's own category at the flow event's
// time, nested in the lane's segments.

import { formatExit } from './signals.js';
import { applyEvents, createTimelineModel } from './reducer.js';
import type { RecordingHeader } from './recording.js';
import type { ForkscopeEvent } from './types.js';
import type { AnnouncedSignal, Arrow, ProcessModel, Segment } from './model.js';

/** One entry of `traceEvents` (the subset of the format forkscope writes). */
export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 'M' | 's' | 'f' | 'C';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  /** Instant scope: thread, process or global. */
  s?: 't' | 'p' | 'g';
  id?: number;
  /** Flow end binds to the enclosing slice. */
  bp?: 'e';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

const SEGMENT_NAMES: Record<Segment['kind'], string> = {
  spawned: 'starting',
  running: 'running',
  joining: 'join',
  exiting: 'exit handling',
  zombie: 'zombie',
};

/**
 * Where an arrow ends on its target: a spawn at the child's first instruction (else where its start-up ended),
 * a signal when the target ended (the gap is what "terminate() is asynchronous" means) or the run did.
 */
function flowEnd(a: Arrow, to: ProcessModel): number {
  if (a.kind === 'spawn') return to.runningAt ?? to.segments[0]?.end ?? to.exitedAt ?? a.t;
  return a.tEnd ?? to.exitedAt ?? a.t;
}

/** The name of a sender outside the run's lanes, from what its target's signals say about it. */
function senderName(signals: readonly AnnouncedSignal[], a: Arrow): string {
  const s = signals.find((x) => x.by === a.from);
  if (s?.source === 'supervisor') return 'supervisor';
  return s?.byName ?? 'sender';
}

/** Trace events sorted by time; metadata first. */
export function toChromeTrace(header: RecordingHeader, events: readonly ForkscopeEvent[]): ChromeTrace {
  const model = applyEvents(createTimelineModel(), events);
  const end = model.run.endedAt ?? model.now;
  const out: ChromeTraceEvent[] = [];
  const timed: ChromeTraceEvent[] = [];
  const name = (pid: number): string => {
    const p = model.processes[pid];
    return p ? `${p.name} (${pid})` : `pid ${pid}`;
  };

  model.laneOrder.forEach((pid, index) => {
    const p = model.processes[pid];
    if (!p) return;
    out.push({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name: name(pid) } });
    out.push({ name: 'process_sort_index', ph: 'M', pid, tid: pid, args: { sort_index: index } });
    out.push({ name: 'thread_name', ph: 'M', pid, tid: pid, args: { name: p.name } });
    const start = p.segments[0]?.start ?? p.spawnedAt;
    const stop = Math.max(start, p.exitedAt ?? end);
    timed.push({
      name: p.name,
      ph: 'X',
      cat: 'process',
      pid,
      tid: pid,
      ts: start,
      dur: stop - start,
      args: {
        pid,
        ppid: p.ppid,
        daemon: p.daemon,
        target: p.target,
        exitCode: p.exitCode,
        signal: p.signal,
        cause: p.cause,
      },
    });
    for (const seg of p.segments) {
      const segEnd = Math.min(seg.end ?? stop, stop);
      timed.push({
        name: seg.kind === 'joining' && seg.target !== undefined ? `join ${name(seg.target)}` : SEGMENT_NAMES[seg.kind],
        ph: 'X',
        cat: 'segment',
        pid,
        tid: pid,
        ts: seg.start,
        dur: Math.max(0, segEnd - seg.start),
      });
    }
    if (p.exitedAt !== null) {
      timed.push({
        name: `exit ${formatExit(p.exitCode, p.signal)}`,
        ph: 'i',
        s: 't',
        cat: 'exit',
        pid,
        tid: pid,
        ts: p.exitedAt,
        args: { exitCode: p.exitCode, signal: p.signal, cause: p.cause },
      });
    }
  });

  const outputText = new Map<number, string>();
  for (const e of events) if (e.type === 'process.output') outputText.set(e.seq, e.text);
  for (const m of model.markers) {
    if (m.kind === 'exit' || !model.processes[m.pid]) continue;
    const text = m.kind === 'output' ? outputText.get(m.seq) : undefined;
    timed.push({
      name: m.kind === 'output' ? m.label || '(output)' : `${m.kind}: ${m.label}`,
      ph: 'i',
      s: 't',
      cat: m.kind,
      pid: m.pid,
      tid: m.pid,
      ts: m.t,
      args: text === undefined ? { seq: m.seq } : { seq: m.seq, stream: m.stream, text },
    });
  }

  // Senders outside the run's lanes (the supervisor, another process) get a track of their own for their arrows.
  const outside = new Map<number, string>();
  for (const a of model.arrows) {
    if (a.kind === 'join' || model.processes[a.from] || !model.processes[a.to]) continue;
    if (!outside.has(a.from)) outside.set(a.from, senderName(model.processes[a.to]?.signals ?? [], a));
  }
  for (const [pid, label] of outside) {
    out.push({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name: `${label} (${pid})` } });
    out.push({ name: 'process_sort_index', ph: 'M', pid, tid: pid, args: { sort_index: -1 } });
    out.push({ name: 'thread_name', ph: 'M', pid, tid: pid, args: { name: label } });
  }

  const anchors = new Set<string>();
  const anchor = (cat: string, name: string, pid: number, ts: number, args?: Record<string, unknown>) => {
    const key = `${cat}|${pid}|${ts}`;
    if (anchors.has(key)) return;
    anchors.add(key);
    timed.push({ name, ph: 'X', cat, pid, tid: pid, ts, dur: 0, ...(args ? { args } : {}) });
  };
  let flowId = 1;
  for (const a of model.arrows) {
    const to = model.processes[a.to];
    if (a.kind === 'join' || !to) continue;
    const id = flowId++;
    const end = Math.max(flowEnd(a, to), a.t + 1);
    const what = a.kind === 'spawn' ? 'spawn' : `${a.signal ?? 'SIGTERM'} (${a.kind})`;
    const args = a.kind === 'spawn' ? undefined : { signal: a.signal ?? null, source: a.source ?? 'process', confirmedAt: a.confirmedAt ?? null };
    anchor(a.kind, a.kind === 'spawn' ? `start() → ${name(a.to)}` : `${what} → ${name(a.to)}`, a.from, a.t, args);
    anchor(a.kind, a.kind === 'spawn' ? 'first instruction' : `${what} from ${a.from}`, a.to, end, args);
    timed.push({ name: a.kind, ph: 's', cat: a.kind, id, pid: a.from, tid: a.from, ts: a.t });
    timed.push({ name: a.kind, ph: 'f', bp: 'e', cat: a.kind, id, pid: a.to, tid: a.to, ts: end });
  }

  for (const pid of model.laneOrder) {
    const p = model.processes[pid];
    if (!p) continue;
    for (const m of p.memory ?? []) {
      timed.push({
        name: 'memory',
        ph: 'C',
        cat: 'memory',
        pid,
        tid: pid,
        ts: m.t,
        args: { privateDirty: m.privateDirty, shared: m.sharedDirty + m.sharedClean, privateClean: m.privateClean },
      });
    }
    if (p.died) {
      timed.push({ name: `died ${formatExit(p.died.exitCode, p.died.signal)}`, ph: 'i', s: 't', cat: 'died', pid, tid: pid, ts: p.died.t, args: { source: p.died.source, ppid: p.died.ppid } });
    }
    if (p.fds) {
      timed.push({
        name: `descriptors (${p.fds.list.length + p.fds.more})`,
        ph: 'i',
        s: 't',
        cat: 'fds',
        pid,
        tid: pid,
        ts: p.fds.t,
        args: { ppid: p.fds.ppid, source: p.fds.source, fds: p.fds.list, more: p.fds.more },
      });
    }
  }

  const runPid = model.run.rootPid ?? 0;
  if (model.run.startedAt !== null && model.run.startedAt !== undefined) {
    timed.push({ name: 'run started', ph: 'i', s: 'g', cat: 'run', pid: runPid, tid: runPid, ts: model.run.startedAt });
  }
  if (model.run.endedAt !== null) {
    timed.push({
      name: `run ${model.run.status}`,
      ph: 'i',
      s: 'g',
      cat: 'run',
      pid: runPid,
      tid: runPid,
      ts: model.run.endedAt,
      args: { status: model.run.status, reason: model.run.reason, exitCode: model.run.exitCode, leftovers: model.run.leftovers },
    });
  }

  // Stable sort by time; at one instant, longer slices first so nesting is unambiguous, flow events after
  // the anchor they bind to.
  timed.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? -1) - (a.dur ?? -1));
  return {
    traceEvents: [...out, ...timed],
    displayTimeUnit: 'ms',
    otherData: {
      format: 'forkscope',
      runId: header.runId,
      scenario: header.scenario,
      driver: header.driver,
      params: header.params,
      startedAt: header.startedAt,
      host: header.host,
    },
  };
}
