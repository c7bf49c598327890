// Every recorded run, from the server; opening one replays it. A recording file can be opened here too
// (a button, for screens that cannot drop files).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { listRuns } from '../net/rest-client.js';

export function RunList({ onOpen, onOpenFile, refreshKey }: { onOpen(runId: string): void; onOpenFile(file: File): void; refreshKey: unknown }) {
  const { t, lang } = useI18n();
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
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
          const title = r.scenario ? (getScenario(r.scenario)?.title[lang] ?? r.scenario) : '—';
          return (
            <li key={r.runId}>
              <button className="run-item" onClick={() => onOpen(r.runId)} data-testid="run-item" data-run-id={r.runId}>
                <span className="run-title">
                  {title}
                  {r.edited && (
                    <span className="run-edited" data-testid="run-edited-mark">
                      {' '}
                      · ✎ {t('runs.edited')}
                    </span>
                  )}
                </span>
                <span className="run-meta">
                  {r.driver} · {t(`run.status.${r.status}` as MessageKey)} · {r.durationMs === null ? '…' : `${(r.durationMs / 1000).toFixed(2)} ${t('timeline.seconds')}`} ·{' '}
                  {new Date(r.startedAt).toLocaleTimeString()}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <button className="btn small" onClick={() => picker.current?.click()} data-testid="open-file">
        {t('runs.openFile')}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".ndjson,application/x-ndjson,application/json,text/plain"
        hidden
        data-testid="open-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onOpenFile(file);
        }}
      />
      <p className="muted small">{t('runs.drop')}</p>
    </div>
  );
}
