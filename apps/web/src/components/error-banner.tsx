import { useI18n } from '../i18n/i18n-context.js';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

export function NoticeBanner({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss(id: number): void }) {
  const { t } = useI18n();
  if (notices.length === 0) return null;
  return (
    <div className="banners" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`banner banner-${n.tone}`} data-testid={n.tone === 'error' ? 'error' : 'info'}>
          <span>{n.text}</span>
          <button className="link" onClick={() => onDismiss(n.id)} aria-label={t('err.dismiss')}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
