// `forkscope replay FILE`: prints a recording the way `run` prints a live run, without running anything.
// A recording is outside input: its size is capped, every line is bounded before it is walked (the
// protocol's parseRecording), and what it says is printed with control characters escaped.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRecording } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios';
import { CliError } from '../cli-error.js';
import type { CliOutput } from '../cli-output.js';
import { parseLang } from '../lang-option.js';
import { createPalette } from '../render/colors.js';
import { createEventPrinter } from '../render/event-printer.js';
import { summarise } from '../render/run-summary.js';
import { terminalText } from '../render/terminal-text.js';

export const REPLAY_USAGE = 'Usage: forkscope replay FILE [--lang zh|en]';

/** Far above any run's recording (1 MiB of output, a few thousand events); a bigger file is not one. */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024;

export async function replayCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { lang: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError('ERR_USAGE', `${(error as Error).message.split('\n')[0]}; ${REPLAY_USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) throw new CliError('ERR_USAGE', `Expected one recording file; ${REPLAY_USAGE}`);
  const lang = parseLang(parsed.values.lang);
  let text: string;
  try {
    const { size } = statSync(file);
    if (size > MAX_RECORDING_BYTES) {
      throw new CliError('ERR_BAD_RECORDING', `Recording "${file}" is ${size} bytes, more than any recording (at most ${MAX_RECORDING_BYTES})`, 1);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('ERR_BAD_RECORDING', `Recording "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 1);
  }
  const recording = parseRecording(text);
  if (!recording.ok) throw new CliError('ERR_BAD_RECORDING', `Recording "${file}" is not valid: ${recording.message}`, 1);

  const { header, events } = recording;
  const palette = createPalette(io.color);
  io.out(palette.dim(terminalText(`${header.scenario ?? '(no scenario)'} · ${header.driver} · ${JSON.stringify(header.params)} · ${header.startedAt} · run ${header.runId}`)));
  const printer = createEventPrinter({ write: io.out, palette, lang });
  for (const event of events) printer.push(event);
  const meta = header.scenario === null ? undefined : getScenario(header.scenario);
  const summary = summarise(printer.finish(), meta, palette, lang);
  for (const line of summary.lines) io.out(line);
  if (recording.truncated || printer.model.run.status === 'running') {
    io.err(lang === 'zh' ? '这个录制没有结束(运行被中断)。' : 'This recording has no end (the run was interrupted).');
  }
  return summary.outcomes.some((o) => o.result.status === 'fail') ? 1 : 0;
}
