// What `run` and `replay` print after the events: the timeline and each expectation, and whether all held.
import type { TimelineModel } from '@forkscope/protocol';
import type { Lang, ScenarioMeta } from '@forkscope/scenarios/catalogue';
import type { Palette } from './colors.js';
import { checkExpectations, renderExpectations, type ExpectationOutcome } from './expectation-report.js';
import { renderTimeline } from './timeline-text.js';

export interface Summary {
  lines: string[];
  outcomes: ExpectationOutcome[];
  /** Every expectation passed. */
  ok: boolean;
}

export function summarise(model: TimelineModel, meta: ScenarioMeta | undefined, palette: Palette, lang: Lang): Summary {
  const lines = ['', ...renderTimeline(model, { palette, lang })];
  const outcomes = meta ? checkExpectations(meta, model, lang) : [];
  if (meta) {
    lines.push('', palette.bold(lang === 'zh' ? `要注意的(${meta.id}):` : `What to notice (${meta.id}):`), ...renderExpectations(outcomes, palette));
  }
  return { lines, outcomes, ok: outcomes.every((o) => o.result.status === 'pass') };
}
