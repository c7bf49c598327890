// "What to notice": the scenario's expectations ticked live as the stream proves them, each linking to
// the moment that proves it; the tutorial's own sentence; the lesson's points; a "this run" fact sheet.

import { formatExit } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { expectationsSelector, selectedSeqSelector, sourceSelector } from '../store/selectors.js';
import { useTimelineStructure } from '../store/structure.js';
import type { ExpectationView } from '../store/types.js';
import { formatSeconds } from '../timeline/time-scale.js';
import { showMoment } from '../replay/playback.js';
import { RichText } from './rich-text.js';
import { runFacts } from '../editor/run-facts.js';

export function ExpectationList({ scenario, large = false }: { scenario: string | null; large?: boolean }) {
  const { t, lang } = useI18n();
  const instance = useTimelineInstance();
  const live = useTimeline(expectationsSelector);
  // The point whose moment is highlighted (clicked here, or by the teacher a class follows).
  const selectedSeq = useTimeline(selectedSeqSelector);
  const meta = scenario ? getScenario(scenario) : undefined;
  const items: ExpectationView[] =
    live.length > 0 ? live : (meta?.expectations ?? []).map((e) => ({ id: e.id, text: e.text, status: 'pending' as const }));
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <ul className={`expectations${large ? ' large' : ''}`} data-testid="expectations">
      {items.map((e) => (
        <li key={e.id} className={`expectation status-${e.status}${e.seq !== undefined && e.seq === selectedSeq ? ' selected' : ''}`} data-testid="expectation" data-id={e.id} data-status={e.status}>
          <span className="tick" aria-label={t(`notice.status.${e.status}` as MessageKey)}>
            {e.status === 'pass' ? '✓' : e.status === 'fail' ? '✕' : e.status === 'undecided' ? '–' : e.status === 'inapplicable' ? '≠' : ''}
          </span>
          <div className="expectation-body">
            <div className="expectation-text">
              <RichText text={e.text[lang]} />
            </div>
            {large && (
              <div className="expectation-other" lang={other === 'zh' ? 'zh-CN' : 'en'}>
                <RichText text={e.text[other]} />
              </div>
            )}
            {!large && e.detail && e.status !== 'pass' && <div className="expectation-detail">{e.detail[lang]}</div>}
            {!large && e.status === 'fail' && <div className="expectation-fail">{t('notice.failed')}</div>}
            {!large && e.status === 'inapplicable' && (
              <div className="expectation-inapplicable" data-testid="expectation-inapplicable">
                {t('notice.status.inapplicable')}
              </div>
            )}
            {!large && e.seq !== undefined && (
              <button className="link" onClick={() => showMoment(instance, e.seq!)} data-testid="show-moment">
                {t('notice.show')} <span className="muted">· {formatSeconds(e.t ?? 0)} {t('timeline.seconds')}</span>
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function NoticePanel({ scenario }: { scenario: string | null }) {
  const { t, lang } = useI18n();
  const { model } = useTimelineStructure();
  const source = useTimeline(sourceSelector);
  const expectations = useTimeline(expectationsSelector);
  const meta = scenario ? getScenario(scenario) : undefined;
  if (!meta) return <p className="muted">{t('timeline.empty')}</p>;
  const other = lang === 'zh' ? 'en' : 'zh';
  const lanes = model.laneOrder.map((pid) => model.processes[pid]!);
  const hasRun = model.run.status !== 'idle';
  const header = source.kind === 'replay' ? source.header : null;
  const driver = model.run.driver ?? header?.driver ?? null;
  const driverText = driver === 'python' && header?.host.python ? `python ${header.host.python}` : driver;
  const passed = expectations.filter((e) => e.status === 'pass').length;
  const difference = driver ? meta.differences?.[driver] : undefined;
  return (
    <div className="notice">
      <section>
        <h3 className="section-head">
          {t('notice.seen')}
          {expectations.length > 0 && (
            <span className="count" data-testid="expectation-count">
              {passed}/{expectations.length}
            </span>
          )}
        </h3>
        {!hasRun && <p className="muted small">{t('notice.noRun')}</p>}
        {model.run.edit && (
          <p className="edited-note" data-testid="edited-note">
            {t('edit.note')}
          </p>
        )}
        <ExpectationList scenario={scenario} />
      </section>
      <section>
        <h3 className="section-head">{t('notice.fromTutorial', { section: meta.section })}</h3>
        <blockquote className="quote" data-testid="quote">
          <p lang="zh-CN" className={lang === 'zh' ? 'quote-main' : 'quote-other'}>
            <RichText text={meta.quote.zh} />
          </p>
          <p lang="en" className={lang === 'en' ? 'quote-main' : 'quote-other'}>
            <RichText text={meta.quote.en} />
          </p>
        </blockquote>
        <h3 className="section-head">{t('notice.points')}</h3>
        <ul className="points" data-testid="points">
          {meta.points[lang].map((p, i) => (
            <li key={i}>
              <RichText text={p} />
              {meta.points[other][i] && (
                <div className="point-other" lang={other === 'zh' ? 'zh-CN' : 'en'}>
                  <RichText text={meta.points[other][i]!} />
                </div>
              )}
            </li>
          ))}
        </ul>
        {difference && (
          <p className="difference">
            <strong>{t('notice.difference')}: </strong>
            <RichText text={difference[lang]} />
          </p>
        )}
      </section>
      {hasRun && model.run.edit && <RunFactsList />}
      {hasRun && (
        <section>
          <h3 className="section-head">{t('notice.thisRun')}</h3>
          <dl className="facts" data-testid="facts">
            <dt>{t('notice.driver')}</dt>
            <dd>{driverText ?? '—'}</dd>
            <dt>{t('notice.processes')}</dt>
            <dd>{lanes.map((p) => p.pid).join(' · ')}</dd>
            <dt>{t('notice.exitCodes')}</dt>
            <dd>{lanes.map((p) => (p.exitedAt === null ? '…' : formatExit(p.exitCode, null))).join(' · ')}</dd>
            <dt>{t('notice.duration')}</dt>
            <dd>{model.run.endedAt === null ? '…' : `${formatSeconds(model.run.endedAt)} ${t('timeline.seconds')}`}</dd>
          </dl>
        </section>
      )}
    </div>
  );
}

/** What an edited run did, whatever its program was: the facts that hold for any version (editor/run-facts.ts). */
function RunFactsList() {
  const { t } = useI18n();
  const { model } = useTimelineStructure();
  const facts = runFacts(model);
  const none = t('facts.none');
  return (
    <section>
      <h3 className="section-head">{t('facts.title')}</h3>
      <dl className="facts" data-testid="run-facts">
        <dt>{t('facts.processes')}</dt>
        <dd data-testid="fact-processes">
          {facts.processes.length} · {facts.processes.join(' · ')}
        </dd>
        <dt>{t('facts.zombies')}</dt>
        <dd data-testid="fact-zombies">{facts.zombies.map((z) => t('facts.zombieFor', { pid: z.pid, d: formatSeconds(z.us) })).join(' · ') || none}</dd>
        <dt>{t('facts.orphans')}</dt>
        <dd data-testid="fact-orphans">
          {facts.orphans.map((o) => t(o.reaper ? 'facts.orphanToReaper' : 'facts.orphanTo', { pid: o.pid, to: o.to })).join(' · ') || none}
        </dd>
        <dt>{t('facts.causes')}</dt>
        <dd data-testid="fact-causes">{facts.causes.map((c) => `${t(`cause.${c.cause}` as MessageKey)} × ${c.pids.length} (${c.pids.join(', ')})`).join(' · ') || none}</dd>
        <dt>{t('facts.output')}</dt>
        <dd data-testid="fact-output">{facts.outputLines}</dd>
      </dl>
    </section>
  );
}
