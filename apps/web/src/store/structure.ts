// The slow-changing part of the model — which lanes exist, their names, daemon flags, exits — as a
// selector that keeps returning the same object while none of that changed. During a dense replay the
// model changes every frame (new output), but React should re-render lane labels only when a lane
// appears or ends; the canvas reads the fresh model itself.

import { useRef } from 'react';
import type { TimelineModel } from '@forkscope/protocol';
import { useTimeline } from './timeline-context.js';
import type { TimelineState } from './types.js';

export interface TimelineStructure {
  /** A model that is current for everything in `key` (lanes, names, daemon flags, exits, re-parenting). */
  model: TimelineModel;
  key: string;
}

export function structureKey(model: TimelineModel): string {
  let key = `${model.run.runId}|${model.run.status}|${model.run.endedAt}|`;
  for (const pid of model.laneOrder) {
    const p = model.processes[pid]!;
    key += `${pid}:${p.name}:${p.daemon ? 1 : 0}:${p.depth}:${p.exitedAt === null ? '' : `${p.exitCode}/${p.signal}/${p.cause}`}:${p.reparented.length};`;
  }
  return key;
}

/** Keys computed once per model, whichever component asks first (models are immutable). */
const keys = new WeakMap<TimelineModel, string>();

function keyOf(model: TimelineModel): string {
  let key = keys.get(model);
  if (key === undefined) {
    key = structureKey(model);
    keys.set(model, key);
  }
  return key;
}

export function useTimelineStructure(): TimelineStructure {
  const cache = useRef<TimelineStructure | null>(null);
  return useTimeline((s: TimelineState) => {
    if (cache.current?.model === s.model) return cache.current;
    const key = keyOf(s.model);
    if (cache.current?.key !== key) cache.current = { model: s.model, key };
    return cache.current;
  });
}
