// Presenter mode: large type, high contrast, nothing but the timeline, the console and the teaching
// points; driven by the keyboard (space, ←/→, +/−, ↑/↓ for the points, f, p or Esc to leave).

import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline } from '../store/timeline-context.js';
import { sourceSelector } from '../store/selectors.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { ConsolePanel } from './console-panel.js';
import { ExpectationList } from './notice-panel.js';

export function PresenterView({ scenario, onExit }: { scenario: string | null; onExit(): void }) {
  const { t } = useI18n();
  const source = useTimeline(sourceSelector);
  return (
    <div className="presenter" data-testid="presenter">
      <button className="presenter-exit link" onClick={onExit} aria-label={t('presenter.exit')}>
        ✕
      </button>
      <div className="presenter-timeline">{source.kind === 'empty' ? <p className="empty">{t('timeline.empty')}</p> : <TimelineView presenter />}</div>
      <div className="presenter-bottom">
        <div className="presenter-notes" data-testid="presenter-notes">
          <ExpectationList scenario={scenario} large />
        </div>
        <ConsolePanel rowHeight={30} height={170} compact />
      </div>
      <footer className="keys">
        <span>
          <kbd>space</kbd> {t('presenter.play')}
        </span>
        <span>
          <kbd>←</kbd> / <kbd>→</kbd> {t('presenter.step')}
        </span>
        <span>
          <kbd>+</kbd> / <kbd>−</kbd> {t('presenter.zoom')}
        </span>
        <span>
          <kbd>↑</kbd> / <kbd>↓</kbd> {t('presenter.notes')}
        </span>
        <span>
          <kbd>f</kbd> {t('presenter.full')}
        </span>
        <span>
          <kbd>p</kbd> {t('presenter.exitKey')}
        </span>
      </footer>
    </div>
  );
}
