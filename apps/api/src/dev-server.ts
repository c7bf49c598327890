// `pnpm dev`: the server as `pnpm start` runs it, but also accepting WebSocket pages from the Vite dev
// server (http://127.0.0.1:5173). Only this entry allows those origins; `start` and `serve` never do.
import { serve } from './server/serve.js';
import { closeOnSignals } from './server/start-server.js';

const result = await serve(
  process.argv.slice(2),
  { out: (line) => void process.stdout.write(`${line}\n`), err: (line) => void process.stderr.write(`${line}\n`) },
  { devOrigins: true },
);
if ('exitCode' in result) process.exitCode = result.exitCode;
else closeOnSignals(result.server.app);
