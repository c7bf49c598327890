// A compact text timeline of a finished run: one row per process, in tree order, a bar over the run's
// duration and the exit badge. Glyphs: ░ spawned · █ running · ─ waiting in join · ▒ own code ended
// (exit handling) · z zombie.
import { formatExit, type SegmentKind, type TimelineModel } from '@forkscope/protocol';
import type { Lang } from '@forkscope/scenarios/catalogue';
import type { Palette } from './colors.js';
import { terminalText } from './terminal-text.js';

const GLYPH: Record<SegmentKind, string> = { spawned: '░', running: '█', joining: '─', exiting: '▒', zombie: 'z' };

export function renderTimeline(model: TimelineModel, options: { width?: number; palette: Palette; lang: Lang }): string[] {
  const { palette, lang } = options;
  const width = options.width ?? 48;
  const end = Math.max(model.run.endedAt ?? model.now, 1);
  const pids = model.laneOrder.length > 0 ? model.laneOrder : Object.keys(model.processes).map(Number);
  const labels = pids.map((pid) => {
    const p = model.processes[pid]!;
    return `${'  '.repeat(Math.min(p.depth, 4))}${terminalText(p.name)}·${pid}`;
  });
  const labelWidth = Math.max(8, ...labels.map((l) => l.length));
  const rows = pids.map((pid, i) => {
    const p = model.processes[pid]!;
    let bar = '';
    for (let c = 0; c < width; c++) {
      const t = ((c + 0.5) / width) * end;
      const seg = p.segments.find((s) => s.start <= t && (s.end ?? end) > t);
      bar += seg ? GLYPH[seg.kind] : ' ';
    }
    const badge = p.exitedAt !== null ? formatExit(p.exitCode, p.signal) : lang === 'zh' ? '(未退出)' : '(no exit)';
    return `${palette.process(i, labels[i]!.padEnd(labelWidth))} │${palette.process(i, bar)}│ ${badge}`;
  });
  const axis = `${' '.repeat(labelWidth)}  0 s${' '.repeat(Math.max(1, width - 4 - (end / 1e6).toFixed(2).length))}${(end / 1e6).toFixed(2)} s`;
  const legend = lang === 'zh'
    ? '░ 已创建  █ 运行  ─ join 等待  ▒ 代码已结束  z 僵尸'
    : '░ spawned  █ running  ─ waiting in join  ▒ own code ended  z zombie';
  return [...rows, palette.dim(axis), palette.dim(`${' '.repeat(labelWidth)}  ${legend}`)];
}
