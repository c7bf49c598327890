// A forkscope server in its own process (so its memory can be measured alone) whose only scenario,
// `flood`, writes FLOOD_MIB MiB of output as fast as it can. Prints `port <n>` once listening;
// SIGTERM closes it gracefully.
import { buildApp, closeOnSignals } from '@forkscope/api';

const mib = Number(process.env.FLOOD_MIB ?? '16');
const program = `const chunk = 'x'.repeat(8191) + '\\n'; let left = ${mib} * 128;
function go() { while (left > 0) { left--; if (!process.stdout.write(chunk)) return process.stdout.once('drain', go); } }
go();`;
const scenario = { id: 'flood', drivers: ['node' as const] };

const app = await buildApp({
  dataDir: process.env.FORKSCOPE_DATA,
  webDist: null,
  stream: { highWaterBytes: 256 * 1024, stuckMs: 1000 },
  catalogue: {
    list: () => [scenario],
    get: (id) => (id === 'flood' ? scenario : undefined),
    validateParams: () => ({ ok: true, params: {} }),
    launch: () => ({ command: [process.execPath, '-e', program], limits: { outputBytes: (mib + 1) * 1024 * 1024 } }),
    source: () => program,
  },
});
await app.listen({ port: 0, host: '127.0.0.1' });
closeOnSignals(app, () => {});
process.stdout.write(`port ${(app.server.address() as { port: number }).port}\n`);
