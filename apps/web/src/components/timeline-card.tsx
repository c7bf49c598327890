// The timeline card of the normal view: header (summary, legend, zoom), the timeline, the replay bar.
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { breaksSelector, canReplaySelector, sourceSelector } from '../store/selectors.js';
import { useTimelineStructure } from '../store/structure.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { ReplayBar } from './replay-bar.js';
import { fitView, zoomBy } from '../replay/playback.js';
import { formatSeconds } from '../timeline/time-scale.js';
import type { MessageKey } from '../i18n/messages.js';

export function TimelineCard() {
  const { t } = useI18n();
  const instance = useTimelineInstance();
  const source = useTimeline(sourceSelector);
  const breaks = useTimeline(breaksSelector);
  const canReplay = useTimeline(canReplaySelector);
  return (
    <section className="card timeline-card">
      <header className="card-head">
        <h2>{t('timeline.title')}</h2>
        {source.kind !== 'empty' && <RunSummaryText />}
        <span className="spacer" />
        <span className="legend">
          <span className="legend-item">
            <span className="key-running" />
            {t('timeline.legend.running')}
          </span>
          <span className="legend-item">
            <span className="key-joining" />
            {t('timeline.legend.joining')}
          </span>
          <span className="legend-item">
            <span className="key-output" />
            {t('timeline.legend.output')}
          </span>
          {breaks.map((b) => (
            <span className="legend-item" key={b.start}>
              <span className="key-break">//</span>
              {t('timeline.legend.break', { a: formatSeconds(b.start, 2), b: formatSeconds(b.end, 2) })}
            </span>
          ))}
        </span>
        <span className="zoom">
          <button className="square-btn" onClick={() => zoomBy(instance, 1 / 1.5)} aria-label={t('timeline.zoomOut')} title={t('timeline.zoomOut')}>
            −
          </button>
          <button className="square-btn" onClick={() => zoomBy(instance, 1.5)} aria-label={t('timeline.zoomIn')} title={t('timeline.zoomIn')}>
            +
          </button>
          <button className="btn ghost small" onClick={() => fitView(instance)} data-testid="fit">
            {t('timeline.fit')}
          </button>
        </span>
      </header>
      {source.kind === 'empty' ? <p className="empty">{t('timeline.empty')}</p> : <TimelineView />}
      {canReplay && <ReplayBar />}
    </section>
  );
}

/** "3 processes · 3.046 s · completed": re-rendered when lanes or the run's state change, not per event. */
function RunSummaryText() {
  const { t } = useI18n();
  const { model } = useTimelineStructure();
  const replay = useTimeline((s) => s.source.kind === 'replay');
  const status = t(`run.status.${model.run.status}` as MessageKey);
  const duration = model.run.endedAt === null ? '…' : formatSeconds(model.run.endedAt);
  return (
    <span className="summary" data-testid="run-summary" data-status={model.run.status}>
      {t('timeline.summary', { n: model.laneOrder.length, d: duration, status: replay ? `${t('run.status.replay')} · ${status}` : status })}
    </span>
  );
}
