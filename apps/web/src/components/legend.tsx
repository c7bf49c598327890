// What every mark of the timeline means, drawn with the same shapes as the canvas (so a state reads by
// its shape, not only its colour). Always the same items, so the header never changes size.
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { processColour, THEME } from '../theme/theme.js';

const C = processColour(0);
const KEYS: { key: MessageKey; icon: React.ReactNode }[] = [
  { key: 'timeline.legend.starting', icon: <line x1="2" y1="7" x2="24" y2="7" stroke={C.edge} strokeWidth="2" strokeDasharray="3 3" /> },
  { key: 'timeline.legend.running', icon: <rect x="2" y="2" width="22" height="10" rx="3" fill={C.fill} /> },
  {
    key: 'timeline.legend.joining',
    icon: (
      <>
        <defs>
          <pattern id="legend-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="5" stroke={C.edge} strokeWidth="1.4" />
          </pattern>
        </defs>
        <rect x="2.5" y="2.5" width="21" height="9" rx="3" fill="url(#legend-hatch)" stroke={C.edge} strokeWidth="1.2" />
      </>
    ),
  },
  {
    key: 'timeline.legend.exiting',
    icon: (
      <>
        <rect x="2.5" y="2.5" width="21" height="9" rx="3" fill={C.fill} fillOpacity="0.3" stroke={C.edge} strokeWidth="1.2" />
        <line x1="6" y1="7" x2="20" y2="7" stroke={C.edge} strokeWidth="2" strokeDasharray="1.5 4" />
      </>
    ),
  },
  { key: 'timeline.legend.zombie', icon: <rect x="2.5" y="3.5" width="21" height="7" rx="3" fill="none" stroke={THEME.zombie} strokeWidth="1.2" strokeDasharray="4 3" /> },
  { key: 'timeline.legend.output', icon: <circle cx="13" cy="7" r="4" fill={THEME.card} stroke={C.edge} strokeWidth="1.5" /> },
  { key: 'timeline.legend.check', icon: <rect x="9" y="3" width="8" height="8" fill={THEME.card} stroke={C.edge} strokeWidth="1.5" /> },
  {
    key: 'timeline.legend.error',
    icon: (
      <>
        <circle cx="13" cy="7" r="5.5" fill={THEME.danger} />
        <path d="M10.5 4.5l5 5M15.5 4.5l-5 5" stroke={THEME.card} strokeWidth="1.6" />
      </>
    ),
  },
  { key: 'timeline.legend.terminate', icon: <path d="M13 1.5L18.5 7L13 12.5L7.5 7Z" fill={THEME.danger} /> },
  { key: 'timeline.legend.daemonKill', icon: <rect x="11" y="0.5" width="4" height="13" fill={THEME.danger} /> },
  { key: 'timeline.legend.exit', icon: <circle cx="13" cy="7" r="4" fill={THEME.card} stroke={C.edge} strokeWidth="2" /> },
  {
    key: 'timeline.legend.kernel',
    icon: (
      <>
        <circle cx="13" cy="7" r="5" fill={THEME.card} stroke={THEME.ink} strokeWidth="1.3" />
        <path d="M10.5 7l1.8 1.9l3.2-3.7" fill="none" stroke={THEME.ink} strokeWidth="1.3" />
      </>
    ),
  },
  {
    key: 'timeline.legend.fds',
    icon: (
      <>
        <rect x="7" y="1.5" width="12" height="11" rx="3" fill={THEME.card} stroke={C.edge} strokeWidth="1.2" />
        <text x="13" y="10.5" fontSize="9" textAnchor="middle" fill={C.text}>
          3
        </text>
      </>
    ),
  },
  {
    key: 'timeline.legend.memory',
    icon: (
      <>
        <rect x="2" y="9" width="9" height="4" fill={C.fill} />
        <rect x="11" y="7" width="13" height="6" fill={C.fill} />
        <path d="M2 3h9v2h13" fill="none" stroke={C.edge} strokeWidth="1" />
      </>
    ),
  },
  {
    key: 'timeline.legend.axisBreak',
    icon: (
      <>
        <rect x="8" y="0" width="10" height="14" fill={THEME.breakFill} />
        <path d="M6 11l4-8M16 11l4-8" stroke={THEME.axis} strokeWidth="1.2" />
      </>
    ),
  },
];

export function Legend() {
  const { t } = useI18n();
  return (
    <ul className="legend" aria-label={t('timeline.legend.title')} data-testid="legend">
      {KEYS.map(({ key, icon }) => (
        <li className="legend-item" key={key}>
          <svg width="26" height="14" viewBox="0 0 26 14" aria-hidden="true">
            {icon}
          </svg>
          {t(key)}
        </li>
      ))}
    </ul>
  );
}
