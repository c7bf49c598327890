// Replay controls: play/pause, step, a seek bar with ticks at lifecycle events, speed, pause at markers,
// a share link. The time readout and the seek position follow the hot clock through refs, not renders.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { breaksSelector, durationSelector, playingSelector, sourceSelector, speedSelector } from '../store/selectors.js';
import { useTimelineStructure } from '../store/structure.js';
import { SPEEDS } from '../store/initial-state.js';
import { isLifecycleEvent } from '../store/lifecycle-events.js';
import { TimeScale, formatSeconds } from '../timeline/time-scale.js';
import { spawnOrder } from '../timeline/layout.js';
import { processColour } from '../theme/theme.js';
import { seekTime, stepEvent, togglePlay } from '../replay/playback.js';

const SEEK_WIDTH = 1000;
const MAX_TICKS = 400;

export function ReplayBar() {
  const { t } = useI18n();
  const instance = useTimelineInstance();
  const { store, view } = instance;
  const playing = useTimeline(playingSelector);
  const speed = useTimeline(speedSelector);
  const duration = useTimeline(durationSelector);
  const breaks = useTimeline(breaksSelector);
  const source = useTimeline(sourceSelector);
  const { model: structure } = useTimelineStructure();
  const events = useTimeline((s) => s.events);
  const pauseAtMarkers = useTimeline((s) => s.pauseAtMarkers);
  const readout = useRef<HTMLSpanElement>(null);
  const counter = useRef<HTMLSpanElement>(null);
  const range = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const scale = useMemo(() => TimeScale.fit(Math.max(duration, 1), SEEK_WIDTH, { breaks, breakPx: 12 }), [duration, breaks]);
  const colours = useMemo(() => spawnOrder(structure), [structure]);
  const ticks = useMemo(() => {
    const out: { left: number; colour: string; seq: number }[] = [];
    for (const e of events) {
      if (!isLifecycleEvent(e) || e.type === 'run.ended') continue;
      out.push({ left: (scale.timeToPx(e.t) / SEEK_WIDTH) * 100, colour: processColour(colours.get(e.pid) ?? 0).edge, seq: e.seq });
      if (out.length >= MAX_TICKS) break;
    }
    return out;
  }, [events, scale, colours]);

  useEffect(() => {
    const update = (clock: number) => {
      const text = formatSeconds(clock);
      if (readout.current && readout.current.textContent !== text) readout.current.textContent = text;
      const value = String(Math.round(scale.timeToPx(clock)));
      if (range.current && document.activeElement !== range.current && range.current.value !== value) range.current.value = value;
    };
    update(view.getState().clock);
    return view.subscribe((s, prev) => {
      if (s.clock !== prev.clock) update(s.clock);
    });
  }, [view, scale]);

  // Which event the playhead is at: stepping over events of the same moment changes it, not the time.
  useEffect(() => {
    const update = (applied: number, total: number) => {
      const text = t('replay.event', { n: applied, total });
      if (counter.current && counter.current.textContent !== text) counter.current.textContent = text;
    };
    update(store.getState().applied, store.getState().events.length);
    return store.subscribe((s, prev) => {
      if (s.applied !== prev.applied || s.events.length !== prev.events.length) update(s.applied, s.events.length);
    });
  }, [store, t]);

  const runId = source.kind === 'replay' || source.kind === 'live' ? source.runId : null;
  return (
    <div className="replay-bar" data-testid="replay-bar">
      <button className="round-btn play" onClick={() => togglePlay(instance)} aria-label={playing ? t('replay.pause') : t('replay.play')} data-testid="play">
        {playing ? '❚❚' : '▶'}
      </button>
      <button className="square-btn" onClick={() => stepEvent(instance, -1)} aria-label={t('replay.prev')} title={t('replay.prev')} data-testid="step-back">
        ‹
      </button>
      <button className="square-btn" onClick={() => stepEvent(instance, 1)} aria-label={t('replay.next')} title={t('replay.next')} data-testid="step-forward">
        ›
      </button>
      <span className="readout">
        <span ref={readout} data-testid="clock">
          0.000
        </span>
        <span className="muted"> / {formatSeconds(duration)} {t('timeline.seconds')}</span>
        <span className="event-count muted" ref={counter} data-testid="event-count" />
      </span>
      <div className="seek">
        <div className="seek-ticks" aria-hidden="true">
          {ticks.map((tick) => (
            <span key={tick.seq} style={{ left: `${tick.left}%`, background: tick.colour }} />
          ))}
        </div>
        <input
          ref={range}
          type="range"
          min={0}
          max={SEEK_WIDTH}
          step={1}
          defaultValue={SEEK_WIDTH}
          aria-label={t('replay.seek')}
          data-testid="seek"
          onChange={(e) => {
            store.getState().setPlaying(false);
            seekTime(instance, scale.pxToTime(Number(e.target.value)));
          }}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={pauseAtMarkers} onChange={(e) => store.getState().setPauseAtMarkers(e.target.checked)} />
        {t('replay.pauseAtMarkers')}
      </label>
      <select className="speed" value={speed} onChange={(e) => store.getState().setSpeed(Number(e.target.value))} aria-label={t('replay.speed')} data-testid="speed">
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {runId && (
        <button
          className="btn ghost"
          onClick={() => {
            const url = `${location.origin}/runs/${runId}?t=${formatSeconds(view.getState().clock)}`;
            void navigator.clipboard?.writeText(url).catch(() => undefined);
            history.replaceState(null, '', `/runs/${runId}?t=${formatSeconds(view.getState().clock)}`);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
          data-testid="share"
        >
          {copied ? t('replay.copied') : t('replay.share')}
        </button>
      )}
    </div>
  );
}
