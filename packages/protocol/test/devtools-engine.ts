// Chrome DevTools' own trace engine (`@paulirish/trace_engine`, the Performance panel's model), to check
// what DevTools makes of an export: which flow arrows it binds.
import type { ChromeTraceEvent } from '../src/index.js';

export interface BoundEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  cat: string;
}

interface EngineModel {
  parse(events: readonly unknown[]): Promise<void>;
  parsedTrace(): { data: { Flows: { flows: BoundEvent[][] } } } | null;
}

interface Engine {
  TraceModel: { Model: { createWithAllHandlers(): EngineModel } };
}

/** The flows DevTools binds in `events`: for each, the trace events it ties together, in time order. */
export async function devtoolsFlows(events: readonly ChromeTraceEvent[]): Promise<BoundEvent[][]> {
  // The engine reads window.DOMRect when it loads; Node has neither.
  const scope = globalThis as Record<string, unknown>;
  scope.window ??= globalThis;
  scope.DOMRect ??= class DOMRect {
    constructor(
      public x = 0,
      public y = 0,
      public width = 0,
      public height = 0,
    ) {}
  };
  const engine = (await import('@paulirish/trace_engine')) as unknown as Engine;
  const model = engine.TraceModel.Model.createWithAllHandlers();
  // The engine sorts and annotates the events it is given: give it copies.
  await model.parse(events.map((e) => ({ ...e })));
  const parsed = model.parsedTrace();
  if (!parsed) throw new Error('DevTools trace engine parsed nothing');
  return parsed.data.Flows.flows;
}
