// A marker's kind and label in the reader's language. The reducer's labels are facts in a neutral form
// (program output, `n = 0`, `SIGTERM → Process-1 · 12`); the few worded in English (a socket event, a
// truncation, a daemon kill, main code ended) are worded here from the event that made the marker.

import { eventIndexAfterSeq, type ForkscopeEvent, type Marker } from '@forkscope/protocol';
import type { MessageKey } from '../i18n/messages.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface MarkerWords {
  kind(marker: Marker): string;
  label(marker: Marker): string;
}

/** The event with `seq`: at index `seq` when events are gapless from seq 0, else found by binary search. */
function eventOf(events: readonly ForkscopeEvent[], seq: number): ForkscopeEvent | undefined {
  const at = events[seq];
  if (at?.seq === seq) return at;
  const found = events[eventIndexAfterSeq(events, seq) - 1];
  return found?.seq === seq ? found : undefined;
}

export function markerWords(t: Translate, events: () => readonly ForkscopeEvent[]): MarkerWords {
  return {
    kind: (m) => t(`marker.kind.${m.kind}` as MessageKey),
    label(m) {
      switch (m.kind) {
        case 'main-ended':
          return t('timeline.mainCodeEnded');
        case 'daemon-kill':
          return t('marker.daemonKill');
        case 'truncated': {
          const e = eventOf(events(), m.seq);
          return e?.type === 'output.truncated' ? t('marker.truncated', { n: e.droppedBytes }) : m.label;
        }
        case 'net': {
          const e = eventOf(events(), m.seq);
          if (e?.type === 'net.listening') return t('marker.net.listening', { port: e.port });
          if (e?.type === 'net.accepted') return t('marker.net.accepted', { peer: e.peer });
          if (e?.type === 'net.connected') return t('marker.net.connected', { peer: e.peer });
          if (e?.type === 'net.closed') return t('marker.net.closed', { peer: e.peer });
          return m.label;
        }
        case 'signal': {
          const e = eventOf(events(), m.seq);
          if (e?.type !== 'process.signalled') return m.label;
          if (e.source === 'supervisor') return t('marker.signal.supervisor', { signal: e.signal, reason: e.reason ?? '' });
          return t('marker.signal.from', { signal: e.signal, sender: e.by === 0 ? 'kernel' : e.byName ? `${e.byName} · ${e.by}` : `pid ${e.by}` });
        }
        default:
          return m.label;
      }
    },
  };
}
