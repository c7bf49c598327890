// `pnpm start`: the forkscope server on 127.0.0.1:3000 (see server/serve-options.ts for flags).
import { parseServeOptions, ServeUsageError } from './server/serve-options.js';
import { closeOnSignals, startServer } from './server/start-server.js';

try {
  const { app, url } = await startServer(parseServeOptions(process.argv.slice(2)));
  closeOnSignals(app);
  process.stdout.write(`forkscope listening on ${url}\n`);
} catch (error) {
  process.stderr.write(`forkscope: ${(error as Error).message}\n`);
  process.exitCode = error instanceof ServeUsageError ? 2 : 1;
}
