// The keyboard, in both views: p presenter, Esc leave it, l language, space play, ←/→ step (Shift:
// lifecycle events only), +/− zoom, 0 fit, f full screen, ↑/↓ the presenter's pages of teaching points,
// PgUp/PgDn the lanes.
import { useLatest } from './use-latest.js';
import { useEffect } from 'react';
import type { TimelineInstance } from '../store/timeline-context.js';
import { fitView, stepEvent, togglePlay, zoomBy } from '../replay/playback.js';

export interface KeyActions {
  togglePresenter(): void;
  leavePresenter(): void;
  toggleLang(): void;
  /** Next (1) or previous (−1) page of teaching points; false when there is none (the key then does nothing). */
  pagePoints(direction: 1 | -1): boolean;
}

export function useKeys(instance: TimelineInstance, actions: KeyActions): void {
  const ref = useLatest(actions);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const a = ref.current;
      switch (e.key) {
        case 'p':
          a.togglePresenter();
          break;
        case 'Escape':
          a.leavePresenter();
          break;
        case 'l':
          a.toggleLang();
          break;
        case ' ':
          togglePlay(instance);
          break;
        case 'ArrowRight':
          stepEvent(instance, 1, e.shiftKey);
          break;
        case 'ArrowLeft':
          stepEvent(instance, -1, e.shiftKey);
          break;
        case '+':
        case '=':
          zoomBy(instance, 1.5);
          break;
        case '-':
        case '_':
          zoomBy(instance, 1 / 1.5);
          break;
        case '0':
          fitView(instance);
          break;
        case 'ArrowDown':
        case 'ArrowUp':
          if (!a.pagePoints(e.key === 'ArrowDown' ? 1 : -1)) return;
          break;
        case 'PageDown':
        case 'PageUp': {
          const lanes = document.querySelector<HTMLElement>('[data-testid="timeline"]');
          if (!lanes) return;
          lanes.scrollBy({ top: (e.key === 'PageDown' ? 0.8 : -0.8) * lanes.clientHeight });
          break;
        }
        case 'f':
          if (document.fullscreenElement) void document.exitFullscreen();
          else void document.documentElement.requestFullscreen?.().catch(() => undefined);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [instance, ref]);
}
