// What one frame of the timeline shows: the input of drawTimeline and what it answers.

import type { Marker, TimelineModel } from '@forkscope/protocol';
import type { LaneLayout } from '../layout.js';
import type { MarkerIndex } from '../marker-index.js';
import type { TimeScale } from '../time-scale.js';
import type { LabelBox } from './label-space.js';

export interface SceneText {
  spawn: string;
  daemonKill: string;
  terminate: string;
  joinReturns: string;
  mainCodeEnded: string;
  hidden: (seconds: string) => string;
  seconds: string;
  zombie: string;
  /** "supervisor", naming the sender of a cancel's signals (`SIGTERM · supervisor`). */
  supervisor?: string;
}

export interface Scene {
  model: TimelineModel;
  lanes: readonly LaneLayout[];
  scale: TimeScale;
  width: number;
  height: number;
  /** Plot area, CSS px: lanes are drawn between these x. */
  plotLeft: number;
  plotRight: number;
  /** y of the axis line. */
  axisY: number;
  /** Content y at the canvas's top edge: the canvas is one viewport tall and follows vertical scrolling. */
  viewTop?: number;
  barHeight: number;
  /** 1 normally, larger in presenter mode. */
  fontScale: number;
  /** The "now" cursor time, µs. */
  now: number;
  showCursor: boolean;
  selectedSeq: number | null;
  hoverSeq: number | null;
  text: SceneText;
  /** The model's markers by lane and time (built for this frame when not given). */
  markerIndex?: MarkerIndex;
  /** Width and height of each lane's exit badge (DOM), so badges are placed inside the plot and labels avoid them. */
  badgeSizes?: ReadonlyMap<number, { w: number; h: number }>;
  /** The words of a marker's label below its lane (a socket event, a truncation…), in the reader's language. */
  markerLabel?: (marker: Marker) => string;
}

export interface DrawResult {
  /** Where each lane's exit badge goes (left edge x, centre y), inside the plot. */
  badges: Map<number, { x: number; y: number }>;
  lanesDrawn: number;
  markersDrawn: number;
  /** Every label and badge of the frame, in content coordinates: none overlaps another. */
  labels: LabelBox[];
}
