// A process's descriptors at its start, as a small badge on its bar where it began to run: how many of the
// program's descriptors it shares with its parent (forkscope's own — the trace channel, the run's output —
// are not counted), ringed twice when one of them is an inherited listening socket (a fork child of a server).

import type { ProcessFds, ProcessModel } from '@forkscope/protocol';
import { THEME, type ProcessColour } from '../../theme/theme.js';
import type { LaneLayout } from '../layout.js';
import { font, textWidth } from './fonts.js';
import type { LabelSpace } from './label-space.js';
import type { Scene } from './scene.js';

export interface FdSummary {
  /** The program's descriptors shared with the parent (not forkscope's own). */
  inherited: number;
  /** Of them, listening sockets (their ports). */
  listening: number[];
  /** Its own descriptors (not shared). */
  own: number;
}

export function fdSummary(fds: ProcessFds): FdSummary {
  const program = fds.list.filter((f) => f.role === undefined);
  const inherited = program.filter((f) => f.shared);
  return {
    inherited: inherited.length,
    listening: inherited.filter((f) => f.listening !== undefined).map((f) => f.listening as number),
    own: program.length - inherited.length,
  };
}

export function drawFdGlyph(ctx: CanvasRenderingContext2D, scene: Scene, lane: LaneLayout, p: ProcessModel, colour: ProcessColour, space: LabelSpace): void {
  if (!p.fds || p.fds.t > scene.now) return;
  const summary = fdSummary(p.fds);
  const fs = scene.fontScale;
  const x = scene.scale.timeToPx(p.runningAt ?? p.fds.t);
  if (x < scene.plotLeft - 10 || x > scene.plotRight + 10) return;
  const text = String(summary.inherited);
  ctx.save();
  ctx.font = font('markerLabel', fs);
  const w = Math.max(12 * fs, textWidth(ctx, text) + 8 * fs);
  const h = 12 * fs;
  const left = x + 3 * fs;
  const top = lane.y - scene.barHeight / 2 - h / 2;
  // Drawn only where it does not cover a label; it says the same thing as the panel, which is always there.
  if (!space.tryPlace(left, top, w, h, `fds ${text}`, true)) {
    ctx.restore();
    return;
  }
  ctx.fillStyle = THEME.card;
  ctx.strokeStyle = colour.edge;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  ctx.roundRect(left, top, w, h, 3 * fs);
  ctx.fill();
  ctx.stroke();
  if (summary.listening.length > 0) {
    ctx.beginPath();
    ctx.roundRect(left - 2 * fs, top - 2 * fs, w + 4 * fs, h + 4 * fs, 4 * fs);
    ctx.stroke();
  }
  ctx.fillStyle = colour.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left + w / 2, top + h / 2 + 0.5);
  ctx.restore();
}
