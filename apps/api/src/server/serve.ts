// What `pnpm start`, `pnpm dev` and `forkscope serve` do: read the options, prepare the one data directory
// (moving the recordings of the old apps/api/data there once), listen, and say where, in two lines. Every
// failure is one line on stderr and an exit status: 2 for a usage mistake, 1 for the rest.
import type { AppOptions } from '../app.js';
import { ensureRecordingDir, moveLegacyRecordings } from '../recordings/data-dir.js';
import { redactRedisUrl } from '../cluster/redact-redis-url.js';
import { parseServeOptions, ServeUsageError } from './serve-options.js';
import { ServeError, startServer, type RunningServer } from './start-server.js';

export interface ServeIo {
  out(line: string): void;
  err(line: string): void;
}

/** Starts the server; resolves once it is listening, or with the exit status of a failure. The caller owns signals (closeOnSignals). */
export async function serve(argv: readonly string[], io: ServeIo, extra: Partial<AppOptions> = {}): Promise<{ server: RunningServer } | { exitCode: number }> {
  try {
    const options = parseServeOptions(argv);
    const explicit = options.dataDir !== undefined || Boolean(process.env.FORKSCOPE_DATA);
    const server = await startServer(options, extra);
    ensureRecordingDir(server.dataDir);
    const moved = explicit ? 0 : moveLegacyRecordings(server.dataDir);
    io.out(`forkscope listening on ${server.url}`);
    io.out(`recordings in ${server.dataDir}${moved > 0 ? ` (moved ${moved} from the old apps/api/data)` : ''}`);
    const { edits } = server.app.forkscope;
    io.out(edits.on ? 'edited programs: on (each in a bubblewrap sandbox)' : `edited programs: off (${edits.reason})`);
    if (options.redis !== undefined) {
      io.out(`runs go through Redis at ${redactRedisUrl(options.redis)} to workers (\`forkscope worker --redis …\` with the same data directory)`);
    }
    return { server };
  } catch (error) {
    if (error instanceof ServeUsageError) {
      io.err(`forkscope: ${error.message}`);
      return { exitCode: 2 };
    }
    if (error instanceof ServeError || (error as NodeJS.ErrnoException).code !== undefined) {
      io.err(`forkscope: ${(error as Error).message.split('\n')[0]}`);
      return { exitCode: 1 };
    }
    throw error;
  }
}
