// One lesson worker of a test cluster, in its own process (so a test can SIGKILL it): the real supervisor
// (cgroups, watchdog) and catalogue. Prints `worker <id> pid <pid> watchdog <pid>` once started; SIGTERM
// stops it as `forkscope worker` does. Environment: FORKSCOPE_REDIS, FORKSCOPE_DATA (required), WORKER_ID,
// CAPACITY, CLUSTER_TIMINGS (JSON).
import { createSupervisor } from '@forkscope/supervisor';
import { createRecordingStore } from '@forkscope/api';
import { startWorker } from '@forkscope/api/cluster';
import { loadDefaultCatalogue } from '../../../../apps/api/src/runs/default-backends.js';

const redisUrl = process.env.FORKSCOPE_REDIS;
const dataDir = process.env.FORKSCOPE_DATA;
if (!redisUrl || !dataDir) throw new Error('FORKSCOPE_REDIS and FORKSCOPE_DATA are required');

const supervisor = createSupervisor();
const worker = startWorker({
  redisUrl,
  capacity: Number(process.env.CAPACITY ?? '2'),
  ...(process.env.WORKER_ID ? { workerId: process.env.WORKER_ID } : {}),
  supervisor,
  catalogue: await loadDefaultCatalogue(),
  store: createRecordingStore(dataDir),
  retention: null,
  ...(process.env.CLUSTER_TIMINGS ? { timings: JSON.parse(process.env.CLUSTER_TIMINGS) as Record<string, number> } : {}),
  onError: (error, context) => process.stderr.write(`worker ${process.env.WORKER_ID ?? ''}: ${context}: ${(error as Error).message}\n`),
});
const stop = (): void => {
  worker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`worker ${worker.id} pid ${process.pid} watchdog ${supervisor.watchdogPid ?? 0}\n`);
