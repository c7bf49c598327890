// One process of the scale benchmark: the embedded server, an API node, or a worker (ROLE), each with the
// benchmark's two programs: `pinger` (writes the monotonic time of each write, every 15 ms) and `quick`
// (exits at once: what a run costs the machinery). Prints `port <n>` (servers) or `worker <id>` once ready.
// Environment: ROLE, FORKSCOPE_DATA, FORKSCOPE_REDIS (api, worker), CAPACITY (worker), MAX_RUNNING (embedded).
import { buildApp, closeOnSignals, createRecordingStore } from '@forkscope/api';
import { startWorker } from '@forkscope/api/cluster';
import { createSupervisor } from '@forkscope/supervisor';
import { pingerProgram } from './pinger.js';

export const PINGS = 200;

const programs: Record<string, string> = {
  pinger: pingerProgram(PINGS),
  quick: '',
};
const scenarios = Object.keys(programs).map((id) => ({ id, drivers: ['node' as const] }));
const catalogue = {
  list: () => scenarios,
  get: (id: string) => scenarios.find((s) => s.id === id),
  validateParams: () => ({ ok: true as const, params: {} }),
  launch: (s: { id: string }) => ({ command: [process.execPath, '-e', programs[s.id]!] }),
  source: () => null,
};

const role = process.env.ROLE;
const dataDir = process.env.FORKSCOPE_DATA!;
const redisUrl = process.env.FORKSCOPE_REDIS ?? '';
// The queue holds a whole burst in every set-up: what is measured is how fast it drains. A client asks
// for its next run when it sees run.ended, a moment before the server has let go of the last one: room for 4.
const caps = { maxQueued: 256, maxPerClient: 4, ...(process.env.MAX_RUNNING ? { maxRunning: Number(process.env.MAX_RUNNING) } : {}) };

if (role === 'worker') {
  const supervisor = createSupervisor();
  const worker = startWorker({ redisUrl, capacity: Number(process.env.CAPACITY ?? '4'), supervisor, catalogue, store: createRecordingStore(dataDir), retention: null });
  process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
  process.stdout.write(`worker ${worker.id}\n`);
} else {
  const app = await buildApp({
    dataDir,
    webDist: null,
    logger: { level: 'error' },
    catalogue,
    toChromeTrace: () => ({}),
    caps,
    ...(role === 'api' ? { cluster: { redisUrl } } : { supervisor: createSupervisor() }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  closeOnSignals(app, () => {});
  process.stdout.write(`port ${(app.server.address() as { port: number }).port}\n`);
}
