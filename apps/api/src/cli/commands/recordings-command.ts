// `forkscope recordings list|prune`: the server's recordings, for whoever runs a server. Both read the one
// data directory (`--data`, FORKSCOPE_DATA, or ~/.local/share/forkscope). `prune` applies the same rule as
// the server (recordings/retention.ts); as it cannot ask a running server which runs are live, it leaves
// alone every file written in the last MAX_RUN_SECONDS, longer than any run may last.
import { parseArgs } from 'node:util';
import { MAX_LIMITS } from '@forkscope/supervisor';
import { createRecordingStore, resolveDataDir } from '../../recordings/index.js';
import { DEFAULT_RETENTION, pruneRecordings, recordingFiles, type RetentionPolicy } from '../../recordings/retention.js';
import { parseSize } from '../../server/parse-size.js';
import { CliError } from '../cli-error.js';
import type { CliOutput } from '../cli-output.js';
import { terminalJson, terminalText } from '../render/terminal-text.js';

export const RECORDINGS_USAGE = `Usage: forkscope recordings list [--data DIR] [--json]
       forkscope recordings prune [--keep N] [--max-bytes SIZE] [--data DIR]
  list             every recording, newest first: run id, status, scenario, driver, start, size
  prune            removes the oldest recordings until at most N remain and they take at most SIZE
                   (defaults: ${DEFAULT_RETENTION.maxRuns} runs, 1GiB, as the server keeps them)
  --data DIR       the data directory (default FORKSCOPE_DATA, else ~/.local/share/forkscope)`;

/** Recordings written this recently may belong to a live run: prune leaves them. */
const MAX_RUN_SECONDS = Math.ceil(MAX_LIMITS.wallMs / 1000) + 30;

export async function recordingsCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { data: { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'string' }, 'max-bytes': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliError('ERR_USAGE', `${(error as Error).message.split('\n')[0]}; see \`forkscope recordings --help\``);
  }
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if ((action !== 'list' && action !== 'prune') || extra.length > 0) {
    throw new CliError('ERR_USAGE', `Expected \`list\` or \`prune\`, got ${positionals.length === 0 ? 'nothing' : `\`${positionals.join(' ')}\``}; see \`forkscope recordings --help\``);
  }
  const dataDir = resolveDataDir(values.data);
  const store = createRecordingStore(dataDir);

  if (action === 'list') {
    if (values.keep !== undefined || values['max-bytes'] !== undefined) throw new CliError('ERR_USAGE', '`--keep` and `--max-bytes` belong to `prune`');
    const sizes = new Map((await recordingFiles(store.dir)).map((f) => [f.runId, f.bytes]));
    const list = (await store.list()).map((r) => ({ ...r, bytes: sizes.get(r.runId) ?? null }));
    if (values.json) {
      io.out(terminalJson(list));
      return 0;
    }
    io.err(`${list.length} recording${list.length === 1 ? '' : 's'} in ${store.dir}`);
    for (const r of list) {
      const size = r.bytes === null ? '?' : formatBytes(r.bytes);
      io.out(terminalText(`${r.runId}  ${String(r.status).padEnd(11)}  ${String(r.scenario ?? '-').padEnd(26)}  ${String(r.driver).padEnd(6)}  ${String(r.startedAt)}  ${size}`));
    }
    return 0;
  }

  if (values.json) throw new CliError('ERR_USAGE', '`--json` belongs to `list`');
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION };
  if (values.keep !== undefined) {
    if (!/^\d+$/.test(values.keep)) throw new CliError('ERR_USAGE', `Expected \`--keep\` to be a whole number of recordings, got \`${terminalText(values.keep.slice(0, 60))}\``);
    policy.maxRuns = Number(values.keep);
  }
  if (values['max-bytes'] !== undefined) {
    const bytes = parseSize(values['max-bytes']);
    if (bytes === null) throw new CliError('ERR_USAGE', `Expected \`--max-bytes\` to be a size such as 500MB or 1GiB, got \`${terminalText(values['max-bytes'].slice(0, 60))}\``);
    policy.maxBytes = bytes;
  }
  const recent = Date.now() - MAX_RUN_SECONDS * 1000;
  const modified = new Map((await recordingFiles(store.dir)).map((f) => [f.runId, f.modifiedMs]));
  const result = await pruneRecordings(store.dir, policy, (runId) => (modified.get(runId) ?? 0) > recent);
  for (const f of result.removed) io.out(`removed ${f.runId} (${formatBytes(f.bytes)})`);
  io.err(`${result.removed.length} removed; ${result.kept} kept (${formatBytes(result.keptBytes)}) in ${store.dir}`);
  return 0;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
