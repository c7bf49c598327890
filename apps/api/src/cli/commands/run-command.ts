// `forkscope run <id>`: runs a scenario through the supervisor and prints it live; Ctrl-C cancels the run
// (the supervisor kills its whole containment unit, so nothing is left behind).
import { getDriver } from '@forkscope/supervisor';
import { createSupervisor } from '@forkscope/supervisor';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { createRecordingHeader, createRecordingWriter, type RecordingWriter } from '../../recordings/index.js';
import type { CliOutput } from '../cli-output.js';
import { createPalette } from '../render/colors.js';
import { createEventPrinter } from '../render/event-printer.js';
import { summarise } from '../render/run-summary.js';
import { terminalJson } from '../render/terminal-text.js';
import { parseRunOptions } from './run-options.js';

/** Exit status of a run cancelled with Ctrl-C (128 + SIGINT), as shells report it. */
const CANCELLED = 130;

export async function runCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const options = parseRunOptions(argv);
  const { meta, params, driver, file, lang, json } = options;
  const palette = createPalette(io.color && !json);
  const printer = createEventPrinter({ write: json ? () => {} : io.out, palette, lang });

  const supervisor = createSupervisor();
  let recording: RecordingWriter | null = null;
  let cancelled = false;
  const onInterrupt = (): void => {
    if (cancelled) return;
    cancelled = true;
    io.err(lang === 'zh' ? '正在取消运行…' : 'Cancelling the run…');
    void handle.cancel();
  };
  // For the recording's header: which CPython ran it (probed once, before the run starts).
  const python = options.record && driver === 'python' ? ((await getDriver('python').version?.()) ?? null) : null;
  const handle = supervisor.startRun({ program: { file }, driver, params, scenario: meta.id });
  try {
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    if (options.record) {
      recording = createRecordingWriter(options.record, createRecordingHeader({ runId: handle.id, scenario: meta.id, params, driver, python }));
    }
    let last = -1;
    const take = (event: ForkscopeEvent): void => {
      if (event.seq <= last) return;
      last = event.seq;
      recording?.append(event);
      if (json) io.out(terminalJson(event));
      printer.push(event);
    };
    const unsubscribe = handle.subscribe(take);
    await handle.result;
    for (const event of handle.events) take(event); // anything delivered after the result settled
    unsubscribe();
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    await recording?.close();
    await supervisor.close();
  }

  const summary = summarise(printer.finish(), meta, palette, lang);
  for (const line of summary.lines) (json ? io.err : io.out)(line);
  if (options.record) io.err(lang === 'zh' ? `录制已写入 ${options.record}` : `Recording written to ${options.record}`);
  if (cancelled) return CANCELLED;
  return summary.ok ? 0 : 1;
}
