// `forkscope serve`: the web playground's server (the server's own options and start-up, as `pnpm start`).
import { serve } from '../../server/serve.js';
import { closeOnSignals } from '../../server/start-server.js';
import type { CliOutput } from '../cli-output.js';

export async function serveCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const result = await serve(argv, io);
  if ('exitCode' in result) return result.exitCode;
  closeOnSignals(result.server.app);
  await result.server.closed;
  return 0;
}
