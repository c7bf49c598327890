// Prints a run's events as they come: each output line prefixed with time, process name and pid in the
// process's colour, and lifecycle lines (spawned, joined, daemon killed, exited…) between them. Keeps the
// timeline model up to date on the way, for the summary at the end. Everything that came from the program
// (output, names, error messages) is printed with its control characters escaped (terminal-text.ts).
import { createTimelineReducer, formatSeconds, lifecycleText, type ForkscopeEvent, type TimelineModel } from '@forkscope/protocol';
import type { Lang } from '@forkscope/scenarios/catalogue';
import type { Palette } from './colors.js';
import { terminalOutput, terminalText } from './terminal-text.js';

export interface EventPrinter {
  /** Applies one event and prints what it completes. */
  push(event: ForkscopeEvent): void;
  /** Prints lines still waiting for their newline; returns the final model. */
  finish(): TimelineModel;
  readonly model: TimelineModel;
}

const LABEL_WIDTH = 20;

/** `  0.041` — seconds since the run started, right-aligned. */
const time = (t: number): string => formatSeconds(t).padStart(7);

export function createEventPrinter(options: { write: (line: string) => void; palette: Palette; lang: Lang }): EventPrinter {
  const { write, palette, lang } = options;
  // The printer keeps its model to itself: applied in place, one event at a time, nothing copied.
  const reducer = createTimelineReducer();
  const colours = new Map<number, number>();
  const partial = new Map<string, { t: number; pid: number; stream: string; text: string }>();

  const label = (pid: number): string => `${terminalText(reducer.model.processes[pid]?.name ?? '?')}·${pid}`;
  const known = (pid: number): string | null => (reducer.model.processes[pid] ? label(pid) : null);
  const colour = (pid: number, text: string): string => {
    if (!colours.has(pid)) colours.set(pid, colours.size);
    return palette.process(colours.get(pid)!, text);
  };
  const prefix = (t: number, pid: number): string => `${palette.dim(time(t))}  ${colour(pid, label(pid).padEnd(LABEL_WIDTH))}`;

  const outputLine = (t: number, pid: number, stream: string, text: string): void => {
    write(`${prefix(t, pid)} ${stream === 'stderr' ? palette.fail('!') : palette.dim('│')} ${colour(pid, terminalOutput(text))}`);
  };
  const flushPartial = (pid?: number): void => {
    for (const [key, open] of partial) {
      if (pid !== undefined && open.pid !== pid) continue;
      outputLine(open.t, open.pid, open.stream, open.text);
      partial.delete(key);
    }
  };

  return {
    get model() {
      return reducer.model;
    },
    push(event) {
      const before = reducer.model.console.length;
      reducer.apply([event]);
      if (event.type === 'process.output') {
        const key = `${event.pid}:${event.stream}`;
        const pieces = event.text.split('\n');
        pieces.forEach((piece, i) => {
          const open = partial.get(key);
          const text = (open?.text ?? '') + piece.replace(/\r$/, '');
          if (i < pieces.length - 1) {
            outputLine(open?.t ?? event.t, event.pid, event.stream, text);
            partial.delete(key);
          } else if (text !== '') {
            partial.set(key, { t: open?.t ?? event.t, pid: event.pid, stream: event.stream, text });
          }
        });
        return;
      }
      if (event.type === 'process.exited' || event.type === 'run.ended') flushPartial(event.type === 'run.ended' ? undefined : event.pid);
      if (event.type === 'process.main-ended') {
        write(`${prefix(event.t, event.pid)} ${palette.dim('·')} ${palette.dim(lang === 'zh' ? '自己的代码结束了' : 'its own code ended')}`);
      }
      const lines = reducer.model.console;
      for (let i = before; i < lines.length; i++) {
        const line = lines.at(i)!;
        if (line.kind !== 'lifecycle' || !line.lifecycle) continue;
        const text = terminalText(lifecycleText(line.lifecycle, known, lang));
        if (line.lifecycle.kind === 'run-ended') write(`${palette.dim(time(line.t))}  ${palette.bold('run'.padEnd(LABEL_WIDTH))} ${palette.dim('·')} ${palette.bold(text)}`);
        else write(`${prefix(line.t, line.pid)} ${palette.dim('·')} ${palette.dim(text)}`);
      }
    },
    finish() {
      flushPartial();
      return reducer.model;
    },
  };
}
