// Notices (errors and news) above the workspace, dismissable; and the standing banner while the server
// is unreachable, saying since when, and that the page is retrying.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline } from '../store/timeline-context.js';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

export type Notify = (tone: Notice['tone'], text: string) => number;

export function NoticeBanner({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss(id: number): void }) {
  const { t } = useI18n();
  return (
    <div className="banners" role="status" aria-live="polite">
      <ConnectionBanner />
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

function ConnectionBanner() {
  const since = useTimeline((s) => (s.run.connection.status === 'lost' ? s.run.connection.since : null));
  // A new loss is a new banner (key), whose clock starts fresh.
  return since === null ? null : <LostSince key={since} since={since} />;
}

function LostSince({ since }: { since: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const time = new Date(since).toLocaleTimeString();
  return (
    <div className="banner banner-error" data-testid="connection-lost" data-since={since}>
      <span>{t('conn.lost', { time, ago: Math.max(0, Math.round((now - since) / 1000)) })}</span>
    </div>
  );
}
