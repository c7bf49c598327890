// Presenter mode: large type sized to the screen (lane labels and points ≥ 18 px at 1280×720, ≥ 24 px at
// 1920×1080), the timeline across the whole width, the teaching points in pages that never cut one in
// half, the console beside them; driven by the keyboard (space, ←/→, +/−, ↑/↓ pages, PgUp/PgDn lanes,
// l language, f full screen, p or Esc to leave).

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline } from '../store/timeline-context.js';
import { sourceSelector } from '../store/selectors.js';
import { presenterScale } from '../timeline/geometry.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { ConsolePanel } from './console-panel.js';
import { ExpectationList } from './notice-panel.js';

const TIMELINE_SHARE = 0.56;

export function PresenterView({
  scenario,
  onExit,
  pagerRef,
  extra,
}: {
  scenario: string | null;
  onExit(): void;
  pagerRef: React.RefObject<((direction: 1 | -1) => boolean) | null>;
  /** Shown under the header: a class's join code and question. */
  extra?: React.ReactNode;
}) {
  const { t, lang, setLang } = useI18n();
  const source = useTimeline(sourceSelector);
  const screen = useWindowSize();
  const fs = presenterScale(screen);
  const consoleBox = useRef<HTMLDivElement>(null);
  const consoleSize = useBoxSize(consoleBox);
  // The timeline takes what its lanes need, up to TIMELINE_SHARE of the screen; the points and the
  // console below take the rest.
  const timelineArea = { width: screen.width, height: Math.round(screen.height * TIMELINE_SHARE) };
  const meta = scenario ? getScenario(scenario) : undefined;
  const consoleFont = Math.round(12.5 * fs);
  const consoleRow = Math.round(consoleFont * 1.75);
  return (
    <div className={`presenter${extra ? ' with-extra' : ''}`} data-testid="presenter" style={{ '--fs': fs } as React.CSSProperties}>
      <header className="presenter-head">
        <span className="presenter-title">
          {meta && (
            <>
              <span className="section-chip">{meta.section}</span> {meta.title[lang]}
            </>
          )}
        </span>
        <button className="btn ghost presenter-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="presenter-lang" title={t('presenter.lang')}>
          {lang === 'zh' ? <span lang="en">EN</span> : '中文'}
        </button>
        <button className="btn ghost presenter-exit" onClick={onExit} aria-label={t('presenter.exit')} data-testid="presenter-exit">
          ✕
        </button>
      </header>
      {extra && <div className="presenter-extra">{extra}</div>}
      <div className="presenter-timeline">{source.kind === 'empty' ? <p className="empty">{t('timeline.empty')}</p> : <TimelineView presenter area={timelineArea} />}</div>
      <div className="presenter-bottom">
        <PagedPoints scenario={scenario} pagerRef={pagerRef} />
        <div className="presenter-console" ref={consoleBox}>
          {/* Whole rows only: a row cut at the edge is unreadable from the back of the room. */}
          {consoleSize && <ConsolePanel rowHeight={consoleRow} height={Math.max(consoleRow, Math.floor((consoleSize.height - 2) / consoleRow) * consoleRow + 2)} fontSize={consoleFont} compact />}
        </div>
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
          <kbd>PgUp</kbd> / <kbd>PgDn</kbd> {t('presenter.lanes')}
        </span>
        <span>
          <kbd>l</kbd> {t('presenter.lang')}
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

/**
 * The teaching points, a page at a time: a page holds the points that fit whole; the rest wait on the
 * next page (↑/↓). The page is shown by scrolling the list to its first point, and points beyond it are
 * hidden, so none is ever cut mid-line.
 */
function PagedPoints({ scenario, pagerRef }: { scenario: string | null; pagerRef: React.RefObject<((direction: 1 | -1) => boolean) | null> }) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const size = useBoxSize(box);
  const expectations = useTimeline((s) => s.expectations);
  const [pages, setPages] = useState<number[]>([0]);
  const [page, setPage] = useState(0);
  const [count, setCount] = useState(0);

  // Where each page starts, from the points' own heights (read now: a key may come before a resize is seen).
  const measurePages = useCallback((): { starts: number[]; count: number } => {
    const el = box.current;
    const items = el ? [...el.querySelectorAll<HTMLElement>('[data-testid=expectation]')] : [];
    if (!el || items.length === 0) return { starts: [0], count: items.length };
    // Positions relative to the first point, from layout boxes (fractional), against the box's height.
    const height = el.getBoundingClientRect().height;
    const origin = items[0]!.getBoundingClientRect().top;
    const starts = [0];
    let top = 0;
    items.forEach((item, i) => {
      const r = item.getBoundingClientRect();
      if (i > 0 && r.bottom - origin - top > height - 1) {
        starts.push(i);
        top = Math.floor(r.top - origin);
      }
    });
    return { starts, count: items.length };
  }, []);

  useLayoutEffect(() => {
    const measured = measurePages();
    // Pages are measured from the rendered points, so they can only be set after a render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setCount(measured.count);
    setPages((old) => (old.join() === measured.starts.join() ? old : measured.starts));
  }, [measurePages, size, lang, expectations, scenario]);

  const current = Math.min(page, pages.length - 1);
  const first = pages[current] ?? 0;
  const end = pages[current + 1] ?? count;

  // Show the page: scroll to its first point, hide the points after it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const items = [...el.querySelectorAll<HTMLElement>('[data-testid=expectation]')];
    items.forEach((item, i) => {
      item.style.visibility = i >= first && i < end ? '' : 'hidden';
    });
    // Distances between points do not change with the scroll position.
    el.scrollTop = items[first] ? Math.floor(items[first].getBoundingClientRect().top - items[0]!.getBoundingClientRect().top) : 0;
  }, [first, end, pages]);

  useEffect(() => {
    pagerRef.current = (direction) => {
      const { starts } = measurePages();
      // The page that holds the first point shown now, in the pages as they are now.
      let at = 0;
      while (at + 1 < starts.length && starts[at + 1]! <= first) at += 1;
      const next = at + direction;
      if (next < 0 || next >= starts.length) return false;
      setPages((old) => (old.join() === starts.join() ? old : starts));
      setPage(next);
      return true;
    };
    return () => {
      pagerRef.current = null;
    };
  }, [pagerRef, first, measurePages]);

  return (
    <div className="presenter-points">
      {pages.length > 1 && (
        <div className="points-page" data-testid="points-page" data-page={current} data-pages={pages.length}>
          {t('presenter.points', { a: first + 1, b: end, n: count })} · {current > 0 ? '↑ ' : ''}
          {current < pages.length - 1 ? '↓' : ''}
        </div>
      )}
      <div className="presenter-notes" data-testid="presenter-notes" ref={box}>
        <ExpectationList scenario={scenario} large />
        {/* Room below the last point, so every page can be scrolled to the top of the box. */}
        <div style={{ height: size?.height ?? 0 }} aria-hidden="true" />
      </div>
    </div>
  );
}

function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** The content size of an element, followed as it changes; null before it is measured. */
function useBoxSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize((s) => (s && s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
