// The timeline's zoom: out, in, and fit the whole run.
import { useI18n } from '../i18n/i18n-context.js';
import { fitView, zoomBy } from '../replay/playback.js';
import { useTimelineInstance } from '../store/timeline-context.js';

export function ZoomButtons() {
  const { t } = useI18n();
  const instance = useTimelineInstance();
  return (
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
  );
}
