// Every recorded run, from the server; opening one replays it.
import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import { listRuns } from '../net/rest-client.js';

export function RunList({ onOpen, refreshKey }: { onOpen(runId: string): void; refreshKey: unknown }) {
  const { t, lang } = useI18n();
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    listRuns().then(
      (r) => {
        setRuns(r.slice().sort((a, b) => b.startedAt.localeCompare(a.startedAt)));
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(refresh, [refresh, refreshKey]);
  return (
    <div className="run-list">
      <div className="run-list-head">
        <h3 className="section-head">{t('runs.title')}</h3>
        <button className="link" onClick={refresh}>
          {t('runs.refresh')}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {runs && runs.length === 0 && <p className="muted">{t('runs.empty')}</p>}
      <ul data-testid="runs">
        {runs?.map((r) => {
          const title = r.scenario ? getScenario(r.scenario)?.title[lang] ?? r.scenario : '—';
          return (
            <li key={r.runId}>
              <button className="run-item" onClick={() => onOpen(r.runId)} data-testid="run-item" data-run-id={r.runId}>
                <span className="run-title">{title}</span>
                <span className="run-meta">
                  {r.driver} · {r.status} · {r.durationMs === null ? '…' : `${(r.durationMs / 1000).toFixed(2)} s`} · {new Date(r.startedAt).toLocaleTimeString()}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="muted small">{t('runs.drop')}</p>
    </div>
  );
}
