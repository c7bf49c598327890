import { createTimelineModel } from '@forkscope/protocol';
import type { TimelineData } from './types.js';

export function getInitialState(): TimelineData {
  return {
    source: { kind: 'empty' },
    events: [],
    applied: 0,
    model: createTimelineModel(),
    breaks: [],
    duration: 0,
    expectations: [],
    selectedSeq: null,
    playing: false,
    speed: 1,
    pauseAtMarkers: false,
    role: null,
    version: 0,
  };
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
