// `window.__forkscope` for end-to-end tests (cf. Perfetto's waitForPerfettoIdle): `idle()` resolves once
// every received event is applied and a frame showing them was drawn; `inspect()` reads the picture as
// data — lanes, pids, exit badges, expectation states — so tests need not decode canvas pixels.

import { formatExit } from '@forkscope/protocol';
import { statusOf } from '../store/run-state.js';
import type { TimelineInstance } from '../store/timeline-context.js';
import type { ForkscopeTestHook } from './test-hook-types.js';

declare global {
  interface Window {
    __forkscope?: ForkscopeTestHook;
  }
}

export function installTestHook(instance: TimelineInstance): void {
  const { store, view, frame, controller } = instance;
  window.__forkscope = {
    idle: () =>
      new Promise<void>((resolve) => {
        // With nothing loaded no timeline is mounted, so no frame loop would answer.
        if (store.getState().events.length === 0 && !controller.starting) requestAnimationFrame(() => resolve());
        else {
          frame.idleWaiters.push(resolve);
          frame.invalidate();
        }
      }),
    dropConnection: () => controller.dropConnectionForTest(),
    locate(seq) {
      const marker = store.getState().model.markers.find((m) => m.seq === seq);
      const lane = marker && frame.lanes.find((l) => l.pid === marker.pid);
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.timeline-canvas');
      if (!marker || !lane || !frame.scale || !canvas) return null;
      const r = canvas.getBoundingClientRect();
      return { x: r.left + frame.scale.timeToPx(marker.t), y: r.top + lane.y - frame.viewTop };
    },
    labelBoxes() {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.timeline-canvas');
      if (!canvas || !frame.drawn) return [];
      const r = canvas.getBoundingClientRect();
      return frame.drawn.labels
        .filter((b) => b.y + b.h > frame.viewTop && b.y < frame.viewTop + r.height)
        .map((b) => ({ x: r.left + b.x, y: r.top + b.y - frame.viewTop, w: b.w, h: b.h, what: b.what }));
    },
    inspect() {
      const s = store.getState();
      const m = s.model;
      const lanes = m.laneOrder.map((pid) => {
        const p = m.processes[pid]!;
        return {
          pid,
          name: p.name,
          ppid: p.ppid,
          depth: p.depth,
          daemon: p.daemon,
          exitCode: p.exitCode,
          signal: p.signal,
          cause: p.cause,
          badge: p.exitedAt === null ? null : formatExit(p.exitCode, p.signal),
        };
      });
      const run = s.run;
      return {
        source: s.source.kind,
        run: {
          phase: run.phase.kind,
          status: statusOf(run).word,
          role: run.role,
          connection: run.connection.status,
          since: run.connection.since,
          serverPid: run.connection.serverPid,
        },
        runId: s.source.kind === 'empty' ? null : s.source.runId,
        scenario: m.run.scenario,
        status: m.run.status,
        applied: s.applied,
        events: s.events.length,
        lanes,
        pids: lanes.map((l) => l.pid),
        exitBadges: Object.fromEntries(lanes.filter((l) => l.badge !== null).map((l) => [l.pid, l.badge as string])),
        expectations: s.expectations.map((e) => ({ id: e.id, status: e.status, ...(e.seq !== undefined && { seq: e.seq }), ...(e.detail && { detail: e.detail }) })),
        consoleLines: m.console.length,
        selectedSeq: s.selectedSeq,
        breaks: s.breaks,
        clock: view.getState().clock,
        duration: s.duration,
        playing: s.playing,
        frames: frame.frames,
        lanesDrawn: frame.drawn?.lanesDrawn ?? 0,
        scale: frame.scale ? { pxPerUs: frame.scale.pxPerUs, originPx: frame.scale.originPx, breaks: frame.scale.breaks.length } : null,
        visible: frame.scale ? { from: frame.scale.pxToTime(frame.plotLeft), to: frame.scale.pxToTime(frame.plotRight) } : null,
      };
    },
  };
}
