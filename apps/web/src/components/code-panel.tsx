import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { highlight, type Language } from '../highlight/highlight.js';
import { scenarioSources, type ScenarioSources } from '../net/rest-client.js';

type Tab = 'node' | 'python';

/** The scenario's programs; the `prefer`red one first (Python, the course's language, when the server has it). */
export function CodePanel({ scenario, prefer = 'node' }: { scenario: string | null; prefer?: Tab }) {
  const { t } = useI18n();
  const [sources, setSources] = useState<{ id: string; value: ScenarioSources } | { id: string; error: string } | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);

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
  const has: Tab[] = current && 'value' in current ? (current.value.python ? ['node', 'python'] : ['node']) : ['node'];
  const available: Tab[] = prefer === 'python' ? has.slice().reverse() : has;
  const wanted = tab ?? prefer;
  const shown: Tab = available.includes(wanted) ? wanted : available[0]!;
  const source = current && 'value' in current ? (shown === 'python' ? current.value.python : current.value.node) : undefined;
  const language: Language = shown === 'python' ? 'python' : 'typescript';
  const tokens = useMemo(() => (source ? highlight(source, language) : []), [source, language]);

  if (!scenario) return null;
  return (
    <div className="code-panel">
      <div className="code-tabs" role="tablist">
        {available.map((id) => (
          <button key={id} role="tab" aria-selected={shown === id} className={shown === id ? 'active' : ''} onClick={() => setTab(id)}>
            <span lang="en">{id === 'node' ? 'TypeScript' : 'Python'}</span>
          </button>
        ))}
      </div>
      {!current && <p className="muted">{t('code.loading')}</p>}
      {current && 'error' in current && <p className="error-text">{t('code.failed', { message: current.error })}</p>}
      {source !== undefined && (
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
