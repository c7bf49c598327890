// Entry of the `forkscope` command (bin/forkscope.mjs, `pnpm forkscope …`).
import { runCli } from './cli.js';
import { processOutput } from './cli-output.js';

// A reader that stops early (`forkscope list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processOutput);
