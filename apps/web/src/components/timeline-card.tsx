// The timeline card of the normal view: header (summary, zoom), the legend, notes on a recording that is
// not whole, the timeline, the replay bar, and the detail panel of the process whose name was clicked.
import { useState } from 'react';
import { ZoomButtons } from './zoom-buttons.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline } from '../store/timeline-context.js';
import { canReplaySelector, sourceSelector } from '../store/selectors.js';
import { useTimelineStructure } from '../store/structure.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { ReplayBar } from './replay-bar.js';
import { ProcessDetailPanel } from './process-detail-panel.js';
import { Legend } from './legend.js';
import { useStatusText } from './run-status.js';
import { formatSeconds } from '../timeline/time-scale.js';

export function TimelineCard() {
  const { t } = useI18n();
  const source = useTimeline(sourceSelector);
  const canReplay = useTimeline(canReplaySelector);
  const [detail, setDetail] = useState<number | null>(null);
  const showDetail = useTimeline((s) => (detail !== null && s.model.processes[detail] ? detail : null));
  return (
    <section className="card timeline-card">
      <header className="card-head">
        <h2>{t('timeline.title')}</h2>
        {source.kind !== 'empty' && <RunSummaryText />}
        <span className="spacer" />
        <ZoomButtons />
      </header>
      <Legend />
      <RecordingNote />
      {source.kind === 'empty' ? <p className="empty">{t('timeline.empty')}</p> : <TimelineView onOpenDetails={setDetail} />}
      {canReplay && <ReplayBar />}
      {source.kind !== 'empty' && showDetail !== null && <ProcessDetailPanel pid={showDetail} onClose={() => setDetail(null)} />}
    </section>
  );
}

/** "3 processes · 3.046 s · completed": the run's status from the run state, never from the playhead. */
function RunSummaryText() {
  const { t } = useI18n();
  const { model } = useTimelineStructure();
  const { word, text } = useStatusText();
  const duration = useTimeline((s) => (s.run.phase.kind === 'ended' || s.run.phase.kind === 'replaying' ? s.run.phase.at : null));
  return (
    <span className="summary" data-testid="run-summary" data-status={word}>
      {t('timeline.summary', { n: model.laneOrder.length, d: duration === null ? '…' : formatSeconds(duration), status: text })}
    </span>
  );
}

/** A recording that is not whole says so: where it ends without the run's end, how many events were skipped. */
function RecordingNote() {
  const { t } = useI18n();
  const note = useTimeline((s) => s.recordingNote);
  if (!note) return null;
  return (
    <div className="recording-note" data-testid="recording-note">
      {note.incomplete && <p data-testid="recording-incomplete">{t('recording.incomplete', { t: formatSeconds(note.endsAt) })}</p>}
      {note.skipped > 0 && <p data-testid="recording-skipped">{t('recording.skipped', { n: note.skipped })}</p>}
    </div>
  );
}
