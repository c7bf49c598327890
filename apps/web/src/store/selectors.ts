// Named selectors, module constants so components share them and React compares stable functions.
import type { TimelineState } from './types.js';

export const sourceSelector = (s: TimelineState) => s.source;
export const expectationsSelector = (s: TimelineState) => s.expectations;
export const selectedSeqSelector = (s: TimelineState) => s.selectedSeq;
export const consoleSelector = (s: TimelineState) => s.model.console;
export const playingSelector = (s: TimelineState) => s.playing;
export const speedSelector = (s: TimelineState) => s.speed;
export const breaksSelector = (s: TimelineState) => s.breaks;
export const durationSelector = (s: TimelineState) => s.duration;
export const laneTotalSelector = (s: TimelineState) => s.laneTotal;
/** This page started the live run (or is that page, reloaded): it may cancel it and send it input. */
export const ownsLiveRunSelector = (s: TimelineState) => s.source.kind === 'live' && s.run.role === 'owner';
/** A replay, or a live run that has ended: both can be played, stepped and sought. */
export const canReplaySelector = (s: TimelineState) =>
  s.events.length > 0 && (s.source.kind === 'replay' || s.model.run.endedAt !== null || s.applied < s.events.length);
/** The learner's program when the run on screen is an edited version of its lesson, else null. */
export const editedProgramSelector = (s: TimelineState) => s.model.run.edit ?? null;
/** Why the run's program never started, when that was the program's fault (a TypeScript error). */
export const runMessageSelector = (s: TimelineState) => s.model.run.message ?? null;
