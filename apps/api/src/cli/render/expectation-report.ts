// Each expectation of a run with ✓, ✗ or ○ (not decided), the moment that proves it, and why.
import { formatSeconds, type TimelineModel } from '@forkscope/protocol';
import { expectationsFor, settleUnfinished, type ExpectationResult, type Lang, type ScenarioMeta } from '@forkscope/scenarios/catalogue';
import type { Palette } from './colors.js';
import { terminalText } from './terminal-text.js';

export interface ExpectationOutcome {
  id: string;
  text: string;
  result: ExpectationResult;
  /** `result.detail` in the reader's language. */
  detail?: string;
}

/**
 * Checks every expectation stated for this run (its params and driver) against the final model. A
 * recording without `run.ended` (the run was interrupted) decides nothing more: what is still pending is
 * shown as not decided, never as failed.
 */
export function checkExpectations(meta: ScenarioMeta, model: TimelineModel, lang: Lang): ExpectationOutcome[] {
  const incomplete = model.run.status === 'running';
  return expectationsFor(meta, { params: model.run.params, driver: model.run.driver }).map((e) => {
    const checked = e.check(model);
    const result = incomplete ? settleUnfinished(checked, 'incomplete', model.now) : checked;
    return { id: e.id, text: e.text[lang], result, ...(result.detail && { detail: result.detail[lang] }) };
  });
}

export function renderExpectations(outcomes: readonly ExpectationOutcome[], palette: Palette): string[] {
  return outcomes.map(({ id, text, result, detail: why }) => {
    const mark = result.status === 'pass' ? palette.pass('✓') : result.status === 'fail' ? palette.fail('✗') : result.status === 'undecided' ? palette.dim('○') : palette.dim('…');
    const at = result.t !== undefined ? ` @ ${formatSeconds(result.t).trim()} s${result.seq !== undefined ? ` (seq ${result.seq})` : ''}` : '';
    // Details quote what the run did (names, values): escaped like everything else from the program.
    const detail = why && result.status !== 'pass' ? ` — ${terminalText(why)}` : '';
    return `${mark} ${text}${palette.dim(`${at} [${id}]`)}${result.status === 'fail' ? palette.fail(detail) : palette.dim(detail)}`;
  });
}
