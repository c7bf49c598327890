import { createTimelineModel } from '@forkscope/protocol';
import type { TimelineData } from './types.js';
import { initialRunState } from './run-state.js';

export function getInitialState(): TimelineData {
  return {
    source: { kind: 'empty' },
    run: initialRunState(),
    recordingNote: null,
    events: [],
    applied: 0,
    model: createTimelineModel(),
    breaks: [],
    duration: 0,
    laneTotal: 0,
    expectations: [],
    selectedSeq: null,
    playing: false,
    speed: 1,
    pauseAtMarkers: false,
    version: 0,
  };
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
