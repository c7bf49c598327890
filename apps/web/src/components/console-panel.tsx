// Every output line, coloured by process, with lifecycle lines between them. Long consoles are
// windowed: only the rows in view are in the DOM.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { lifecycleText, type ConsoleLine, type TimelineModel } from '@forkscope/protocol';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { consoleSelector, selectedSeqSelector } from '../store/selectors.js';
import { useThrottledTimeline } from '../store/use-throttled.js';
import { spawnOrder } from '../timeline/layout.js';
import { useTimelineStructure } from '../store/structure.js';
import { processColour } from '../theme/theme.js';
import { formatSeconds } from '../timeline/time-scale.js';
import { showMoment } from '../replay/playback.js';

const OVERSCAN = 8;

export function ConsolePanel({ rowHeight = 26, height = 240, compact = false, fontSize }: { rowHeight?: number; height?: number; compact?: boolean; fontSize?: number }) {
  const { t, lang } = useI18n();
  const instance = useTimelineInstance();
  // The console follows the run at 10 Hz at most: a fast replay adds lines every frame.
  const lines = useThrottledTimeline(consoleSelector, 100);
  const selectedSeq = useTimeline(selectedSeqSelector);
  const { model: structure } = useTimelineStructure();
  const colours = useMemo(() => spawnOrder(structure), [structure]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const stick = useRef(true);

  // Follow new lines while the reader is at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    // Setting scrollTop fires onScroll, which updates the window of rendered rows.
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  // A marker clicked on the timeline scrolls its console line into view.
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedSeq === null) return;
    const index = lines.findIndex((l) => l.seq === selectedSeq);
    if (index < 0) return;
    const top = index * rowHeight;
    if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - rowHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
      stick.current = false;
    }
  }, [selectedSeq, lines, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const label = (pid: number) => {
    const p = structure.processes[pid];
    return p ? `${p.name} · ${pid}` : `pid ${pid}`;
  };

  return (
    <div
      className={`console${compact ? ' compact' : ''}`}
      ref={scroller}
      style={{ height, ...(fontSize === undefined ? {} : { fontSize }) }}
      data-testid="console"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        setScrollTop(el.scrollTop);
      }}
    >
      {lines.length === 0 && <p className="muted console-empty">{t('console.empty')}</p>}
      <div style={{ height: lines.length * rowHeight, position: 'relative' }}>
        {lines.slice(first, last).map((line, i) => (
          <ConsoleRow
            key={`${line.seq}-${first + i}`}
            line={line}
            model={structure}
            top={(first + i) * rowHeight}
            height={rowHeight}
            colour={processColour(colours.get(line.pid) ?? 0)}
            selected={line.seq === selectedSeq}
            text={line.kind === 'lifecycle' && line.lifecycle ? lifecycleText(line.lifecycle, label, lang) : line.text}
            onSelect={() => showMoment(instance, line.seq)}
          />
        ))}
      </div>
    </div>
  );
}

function ConsoleRow(props: {
  line: ConsoleLine;
  model: TimelineModel;
  top: number;
  height: number;
  colour: { fill: string; text: string };
  selected: boolean;
  text: string;
  onSelect(): void;
}) {
  const { line, model } = props;
  const p = model.processes[line.pid];
  const lc = line.lifecycle;
  // A re-parented process's exit code went to its new parent: neither a success nor a failure here.
  const neutral = lc?.kind === 'exited' && lc.cause === 'reparented';
  const tone =
    lc?.kind === 'exited'
      ? neutral
        ? 'neutral'
        : lc.exitCode === 0
          ? 'ok'
          : 'danger'
      : lc?.kind === 'daemon-killed' || lc?.kind === 'terminating'
        ? 'danger'
        : lc?.kind === 'run-ended'
          ? 'run'
          : line.stream === 'stderr'
            ? 'stderr'
            : '';
  return (
    <div
      className={`console-line kind-${line.kind} ${tone ? `tone-${tone}` : ''}${props.selected ? ' selected' : ''}`}
      style={{ top: props.top, height: props.height, lineHeight: `${props.height}px` }}
      data-testid="console-line"
      data-seq={line.seq}
      data-pid={line.pid}
      data-kind={line.kind}
      onClick={props.onSelect}
    >
      <span className="rule" style={{ background: lc?.kind === 'run-ended' ? 'transparent' : props.colour.fill }} />
      <span className="c-time">{formatSeconds(line.t)}</span>
      <span className="c-proc" style={{ color: props.colour.text }}>
        {lc?.kind === 'run-ended' ? '' : `${p?.name ?? '?'} · ${line.pid}`}
      </span>
      <span className="c-text" title={props.text}>
        {line.kind === 'lifecycle' && lc?.kind === 'exited' && <span className="c-icon">{neutral ? '↷' : lc.exitCode === 0 ? '○' : '✕'}</span>}
        {props.text}
      </span>
    </div>
  );
}
