// `forkscope serve`: the web playground's server (the server's own options and start-up, as `pnpm start`).
import { parseServeOptions, ServeUsageError } from '../../server/serve-options.js';
import { closeOnSignals, startServer } from '../../server/start-server.js';
import { CliError } from '../cli-error.js';
import type { CliOutput } from '../cli-output.js';

export async function serveCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  let options;
  try {
    options = parseServeOptions(argv);
  } catch (error) {
    if (error instanceof ServeUsageError) throw new CliError('ERR_USAGE', error.message);
    throw error;
  }
  const { app, url, closed } = await startServer(options);
  closeOnSignals(app);
  io.out(`forkscope listening on ${url}`);
  await closed;
  return 0;
}
