// The store of one timeline instance, its hot view state and its server link, provided through context
// (cf. xyflow's ReactFlowProvider): two timelines on one page would simply be two providers.

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { expectationsFor, getScenario, settleUnfinished } from '@forkscope/scenarios/catalogue';
import type { Driver } from '@forkscope/protocol';
import { createTimelineStore, type TimelineStore } from './create-timeline-store.js';
import { createViewStore, type ViewStore } from './view-store.js';
import type { TimelineState } from './types.js';
import { RunController, type RunControllerHooks } from '../net/run-controller.js';
import { socketUrl } from '../net/server-connection.js';
import type { TimeScale } from '../timeline/time-scale.js';
import type { LaneLayout } from '../timeline/layout.js';
import type { DrawResult } from '../timeline/draw-timeline.js';
import { MarkerIndex } from '../timeline/marker-index.js';

/** What the frame loop drew last; read by zoom controls, keyboard handlers and the test hook. */
export interface FrameInfo {
  scale: TimeScale | null;
  /** The scale that shows the whole run, and the run's end (µs): the bounds of zoom and pan. */
  fit: TimeScale | null;
  end: number;
  plotLeft: number;
  plotRight: number;
  /** Content y at the top of the visible band (vertical scroll). */
  viewTop: number;
  lanes: readonly LaneLayout[];
  drawn: DrawResult | null;
  drawnVersion: number;
  frames: number;
  /** Resolved after a frame that drew every applied event while nothing was pending. */
  idleWaiters: (() => void)[];
  /** Asks the mounted timeline for a frame (no-op when none is mounted). */
  invalidate: () => void;
  /** The model's markers by lane and time, kept in step by the frame loop. */
  markerIndex: MarkerIndex;
}

export interface TimelineInstance {
  store: TimelineStore;
  view: ViewStore;
  controller: RunController;
  frame: FrameInfo;
}

/** The catalogue's expectations that apply to this run's parameters and driver. */
function catalogueExpectations(run: { scenario: string | null; params: Record<string, unknown>; driver: Driver | null }) {
  const meta = run.scenario ? getScenario(run.scenario) : undefined;
  if (!meta) return [];
  return expectationsFor(meta, { params: run.params, driver: run.driver });
}

const TimelineContext = createContext<TimelineInstance | null>(null);

export function TimelineProvider({ hooks, children }: { hooks: RunControllerHooks; children: ReactNode }) {
  const [instance] = useState<TimelineInstance>(() => {
    const store = createTimelineStore({ expectationsFor: catalogueExpectations, settleUnfinished });
    const view = createViewStore();
    const controller = new RunController(store, socketUrl(window.location), hooks);
    const frame: FrameInfo = {
      scale: null,
      fit: null,
      end: 0,
      plotLeft: 0,
      plotRight: 0,
      viewTop: 0,
      lanes: [],
      drawn: null,
      drawnVersion: -1,
      frames: 0,
      idleWaiters: [],
      invalidate: () => {},
      markerIndex: new MarkerIndex(),
    };
    return { store, view, controller, frame };
  });
  useEffect(() => () => instance.controller.close(), [instance]);
  return <TimelineContext.Provider value={instance}>{children}</TimelineContext.Provider>;
}

export function useTimelineInstance(): TimelineInstance {
  const instance = useContext(TimelineContext);
  if (!instance) throw new Error('useTimeline must be used inside <TimelineProvider>');
  return instance;
}

/** Select from this timeline's store (structural state only; hot view state is read in the frame loop). */
export function useTimeline<T>(selector: (state: TimelineState) => T): T {
  return useStore(useTimelineInstance().store, selector);
}
