// The Code tab: the scenario's programs (Python, the course's language, first when the server has it), and the
// learner's own version of one: an editor (CodeMirror, loaded only when editing starts), "Run my version", the
// changes against the lesson's program, and reset. A run of an edited program, live or replayed, puts the program
// that ran into the editor (app.tsx), so a share link shows the code that ran.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Driver } from '@forkscope/protocol';
import { useI18n } from '../i18n/i18n-context.js';
import { highlight, type Language } from '../highlight/highlight.js';
import { scenarioSources, type ScenarioSources } from '../net/rest-client.js';
import { diffCounts, lineDiff, withContext } from '../editor/line-diff.js';
import { useTimeline } from '../store/timeline-context.js';
import { editedProgramSelector, runMessageSelector } from '../store/selectors.js';

const CodeEditor = lazy(() => import('../editor/code-editor.js'));

export type CodeTab = 'node' | 'python';

/** Where a draft of the learner's version is kept: per scenario and language. */
export const draftKey = (scenario: string, tab: CodeTab): string => `${scenario}:${tab}`;

export interface CodeEditing {
  /** The learner's versions, by draftKey; none: the lesson's program is shown as it is. */
  drafts: Readonly<Record<string, string>>;
  setDraft(key: string, text: string | null): void;
  /** The tab shown, when the page chose one (a replay of an edited run picks its language). */
  tab: CodeTab | null;
  setTab(tab: CodeTab): void;
  /** Whether a run may be asked for now. */
  runnable: boolean;
  runEdited(driver: Driver, program: string): void;
}

export function CodePanel({ scenario, prefer = 'node', editing }: { scenario: string | null; prefer?: CodeTab; editing?: CodeEditing }) {
  const { t } = useI18n();
  const [sources, setSources] = useState<{ id: string; value: ScenarioSources } | { id: string; error: string } | null>(null);
  const [ownTab, setOwnTab] = useState<CodeTab | null>(null);
  const ranEdit = useTimeline(editedProgramSelector);
  const runMessage = useTimeline(runMessageSelector);

  useEffect(() => {
    if (!scenario) return;
    let cancelled = false;
    scenarioSources(scenario).then(
      (value) => !cancelled && setSources({ id: scenario, value }),
      (error: Error) => !cancelled && setSources({ id: scenario, error: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [scenario]);

  const current = sources && sources.id === scenario ? sources : null;
  const has: CodeTab[] = current && 'value' in current ? (current.value.python ? ['node', 'python'] : ['node']) : ['node'];
  const available: CodeTab[] = prefer === 'python' ? has.slice().reverse() : has;
  const wanted = editing?.tab ?? ownTab ?? prefer;
  const shown: CodeTab = available.includes(wanted) ? wanted : available[0]!;
  const original = current && 'value' in current ? (shown === 'python' ? current.value.python : current.value.node) : undefined;
  const language: Language = shown === 'python' ? 'python' : 'typescript';
  const key = scenario ? draftKey(scenario, shown) : '';
  const draft = editing?.drafts[key];
  const tokens = useMemo(() => (original !== undefined && draft === undefined ? highlight(original, language) : []), [original, draft, language]);
  const diff = useMemo(() => (original !== undefined && draft !== undefined ? lineDiff(original, draft) : null), [original, draft]);

  if (!scenario) return null;
  const choose = (tab: CodeTab) => (editing ? editing.setTab(tab) : setOwnTab(tab));
  const counts = diff ? diffCounts(diff) : { removed: 0, added: 0 };
  const changed = counts.removed + counts.added > 0;
  return (
    <div className="code-panel">
      <div className="code-tabs" role="tablist">
        {available.map((id) => (
          <button key={id} role="tab" aria-selected={shown === id} className={shown === id ? 'active' : ''} onClick={() => choose(id)}>
            <span lang="en">{id === 'node' ? 'TypeScript' : 'Python'}</span>
          </button>
        ))}
      </div>
      {!current && <p className="muted">{t('code.loading')}</p>}
      {current && 'error' in current && <p className="error-text">{t('code.failed', { message: current.error })}</p>}
      {original !== undefined && editing && (
        <div className="edit-bar">
          {draft === undefined ? (
            <button className="btn ghost small" onClick={() => editing.setDraft(key, original)} data-testid="edit-start">
              ✎ {t('edit.start')}
            </button>
          ) : (
            <>
              <button
                className="btn primary small"
                onClick={() => editing.runEdited(shown, draft)}
                disabled={!editing.runnable || draft.trim() === ''}
                data-testid="run-edited"
              >
                ▶ {t('edit.run')}
              </button>
              <button className="btn ghost small" onClick={() => editing.setDraft(key, original)} disabled={!changed} data-testid="edit-reset">
                {t('edit.reset')}
              </button>
              <button className="btn ghost small" onClick={() => editing.setDraft(key, null)} data-testid="edit-close">
                {t('edit.close')}
              </button>
              <span className="muted small" data-testid="edit-counts">
                {changed ? t('edit.changes', { removed: counts.removed, added: counts.added }) : t('edit.unchanged')}
              </span>
            </>
          )}
        </div>
      )}
      {original !== undefined && draft !== undefined && editing && (
        <>
          <Suspense fallback={<pre className="code">{draft}</pre>}>
            <CodeEditor value={draft} language={language} onChange={(text) => editing.setDraft(key, text)} label={t('edit.label')} />
          </Suspense>
          <p className="muted small edit-hint">{t('edit.hint')}</p>
          {ranEdit && runMessage && <pre className="edit-error" data-testid="edit-error">{runMessage}</pre>}
          {diff && changed && (
            <section className="edit-diff" data-testid="edit-diff" aria-label={t('edit.diff')}>
              <h3 className="section-head">{t('edit.diff')}</h3>
              <pre className="diff">
                {withContext(diff).map((line, i) =>
                  line === null ? (
                    <span key={i} className="diff-gap">
                      {'⋯\n'}
                    </span>
                  ) : (
                    <span key={i} className={`diff-line ${line.kind}`} data-testid={`diff-${line.kind}`}>
                      <span className="diff-no">{line.kind === 'added' ? line.newNo : line.oldNo}</span>
                      <span className="diff-mark">{line.kind === 'removed' ? '−' : line.kind === 'added' ? '+' : ' '}</span>
                      {line.text}
                      {'\n'}
                    </span>
                  ),
                )}
              </pre>
            </section>
          )}
        </>
      )}
      {original !== undefined && draft === undefined && (
        <pre className="code" data-testid="code" data-language={language}>
          <code>
            {tokens.map((tok, i) =>
              tok.kind === 'plain' ? (
                tok.text
              ) : (
                <span key={i} className={`tok-${tok.kind}`}>
                  {tok.text}
                </span>
              ),
            )}
          </code>
        </pre>
      )}
    </div>
  );
}
