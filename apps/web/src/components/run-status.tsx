// The status pill: what the run is (the run state), never what the playhead shows.
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { useTimeline } from '../store/timeline-context.js';
import { statusOf } from '../store/run-state.js';

export function useStatusText(): { word: string; text: string } {
  const { t } = useI18n();
  const run = useTimeline((s) => s.run);
  const { word, replay } = statusOf(run);
  const text = t(`run.status.${word}` as MessageKey);
  return { word, text: replay ? `${t('run.status.replay')} · ${text}` : text };
}

export function RunStatus() {
  const { word, text } = useStatusText();
  return (
    <span className="run-status" data-testid="run-status" data-status={word}>
      <span className={`dot status-${word}`} />
      {text}
    </span>
  );
}
