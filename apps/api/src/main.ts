// `pnpm start`: the forkscope server on 127.0.0.1:3000 (see server/serve-options.ts for flags).
import { serve } from './server/serve.js';
import { closeOnSignals } from './server/start-server.js';

const result = await serve(process.argv.slice(2), {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
});
if ('exitCode' in result) process.exitCode = result.exitCode;
else closeOnSignals(result.server.app);
