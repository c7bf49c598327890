// Each expectation of a run with ✓ or ✗, the moment that proves it, and why it failed.
import { formatSeconds, type TimelineModel } from '@forkscope/protocol';
import { expectationsFor, type ExpectationResult, type Lang, type ScenarioMeta } from '@forkscope/scenarios/catalogue';
import type { Palette } from './colors.js';
import { terminalText } from './terminal-text.js';

export interface ExpectationOutcome {
  id: string;
  text: string;
  result: ExpectationResult;
}

/** Checks every expectation stated for this run (its params and driver) against the final model. */
export function checkExpectations(meta: ScenarioMeta, model: TimelineModel, lang: Lang): ExpectationOutcome[] {
  return expectationsFor(meta, { params: model.run.params, driver: model.run.driver }).map((e) => ({
    id: e.id,
    text: e.text[lang],
    result: e.check(model),
  }));
}

export function renderExpectations(outcomes: readonly ExpectationOutcome[], palette: Palette): string[] {
  return outcomes.map(({ id, text, result }) => {
    const mark = result.status === 'pass' ? palette.pass('✓') : result.status === 'fail' ? palette.fail('✗') : palette.dim('…');
    const at = result.t !== undefined ? ` @ ${formatSeconds(result.t)} s${result.seq !== undefined ? ` (seq ${result.seq})` : ''}` : '';
    // Details quote what the run did (names, values): escaped like everything else from the program.
    const detail = result.detail && result.status !== 'pass' ? ` — ${terminalText(result.detail)}` : '';
    return `${mark} ${text}${palette.dim(`${at} [${id}]`)}${result.status === 'fail' ? palette.fail(detail) : palette.dim(detail)}`;
  });
}
