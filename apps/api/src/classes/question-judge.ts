// Decides a class's question from the run that answers it, with the lesson's own decide() (the same
// machinery as the teaching points): the judge keeps the run's timeline model up to date as its events
// go out to the class and asks the question after each batch, until it is decided. Pure apart from the
// model it keeps; the hub decides when to reveal (when the teacher's playhead passes the proving event).
import { applyEvents, createTimelineModel, type ForkscopeEvent, type TimelineModel } from '@forkscope/protocol';
import type { Question, QuestionResult } from '@forkscope/scenarios/catalogue';
import type { DecidedResult } from './class-store.js';

export interface QuestionJudge {
  readonly runId: string;
  /** Takes events [from, to) of the run; returns the result once (the first time it is decided), else null. */
  advance(events: readonly ForkscopeEvent[], from: number, to: number): DecidedResult | null;
  readonly result: DecidedResult | null;
}

export function createQuestionJudge(question: Question, runId: string): QuestionJudge {
  let model: TimelineModel = createTimelineModel();
  let applied = 0;
  let result: DecidedResult | null = null;
  return {
    runId,
    get result() {
      return result;
    },
    advance(events, from, to) {
      if (result !== null || to <= applied) return null;
      // A judge made after the run began catches up from the start.
      const start = Math.min(from, applied);
      model = applyEvents(model, events.slice(start, to));
      applied = to;
      const decided = settle(question.decide(model), events, applied);
      if (decided) result = decided;
      return decided;
    },
  };
}

/** A decided or undecided result, with the seq of its proving event (the first event at its time when the lesson gave only a time). */
function settle(r: QuestionResult, events: readonly ForkscopeEvent[], applied: number): DecidedResult | null {
  if (r.status === 'pending') return null;
  let seq = r.seq;
  if (seq === undefined) {
    const t = r.t;
    const index = t === undefined ? -1 : events.findIndex((e, i) => i < applied && e.t >= t);
    seq = index >= 0 ? events[index]!.seq : applied - 1;
  }
  const t = r.t ?? events[seq]?.t ?? 0;
  return { status: r.status, choice: r.choice ?? null, seq, t, ...(r.detail && { detail: r.detail }) };
}
