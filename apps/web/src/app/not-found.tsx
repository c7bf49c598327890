// What a link to nothing shows: which run or page was asked for, and the recent runs to pick from.
import { useEffect, useState } from 'react';
import type { RunSummary } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { listRuns } from '../net/rest-client.js';

const RECENT = 8;

export function NotFound({ what, id, onOpen }: { what: 'run' | 'live' | 'path'; id: string; onOpen(runId: string): void }) {
  const { t, lang } = useI18n();
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  useEffect(() => {
    listRuns().then(
      (list) => setRuns(list.slice().sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, RECENT)),
      () => setRuns([]),
    );
  }, []);
  const title = what === 'path' ? t('notFound.path', { path: id }) : t(what === 'run' ? 'notFound.run' : 'notFound.live', { id });
  return (
    <section className="card not-found" data-testid="not-found" data-what={what}>
      <h2>{title}</h2>
      <h3 className="section-head">{t('notFound.pick')}</h3>
      {runs && runs.length === 0 && <p className="muted">{t('notFound.none')}</p>}
      <ul className="recent-runs">
        {runs?.map((r) => (
          <li key={r.runId}>
            <button className="run-item" onClick={() => onOpen(r.runId)} data-testid="recent-run" data-run-id={r.runId}>
              <span className="run-title">{(r.scenario && getScenario(r.scenario)?.title[lang]) ?? r.scenario ?? '—'}</span>
              <span className="run-meta">
                {r.driver} · {t(`run.status.${r.status}` as MessageKey)} · {new Date(r.startedAt).toLocaleString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <a className="btn" href="/">
        {t('notFound.home')}
      </a>
    </section>
  );
}
