// `forkscope worker`: a lesson worker of a cluster (cluster/worker.ts). Prints one line once it runs; every
// failure to start is one line and an exit status: 2 for a usage mistake, 1 for a worker that will not
// register (no cgroups) or a health port it cannot listen on. The first SIGINT/SIGTERM stops taking runs,
// cancels its own and leaves the registry; a second one exits at once.
import { createSupervisor } from '@forkscope/supervisor';
import { redactRedisUrl } from '../../cluster/redact-redis-url.js';
import { startHealthServer, type HealthServer } from '../../cluster/health-server.js';
import { publicHealth } from '../../cluster/public-health.js';
import { startWorker, WorkerRefusedError } from '../../cluster/worker.js';
import { createRecordingStore } from '../../recordings/recording-store.js';
import { ensureRecordingDir, resolveDataDir } from '../../recordings/data-dir.js';
import { DEFAULT_RETENTION } from '../../recordings/retention.js';
import { loadDefaultCatalogue } from '../../runs/default-backends.js';
import { parseWorkerOptions, WorkerUsageError } from '../../server/worker-options.js';
import type { CliOutput } from '../cli-output.js';

export async function workerCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  let options;
  try {
    options = parseWorkerOptions(argv);
  } catch (error) {
    if (error instanceof WorkerUsageError) {
      io.err(`forkscope worker: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const dataDir = resolveDataDir(options.dataDir);
  const supervisor = createSupervisor();
  let worker;
  try {
    worker = startWorker({
      redisUrl: options.redis,
      capacity: options.capacity,
      ...(options.name === undefined ? {} : { workerId: options.name }),
      supervisor,
      catalogue: await loadDefaultCatalogue(),
      store: createRecordingStore(dataDir),
      retention: { ...DEFAULT_RETENTION, ...options.retention },
      onError: (error, context) => io.err(`forkscope worker: ${context}: ${(error as Error).message.split('\n')[0]}`),
    });
  } catch (error) {
    await supervisor.close();
    if (error instanceof WorkerRefusedError) {
      io.err(`forkscope worker: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    ensureRecordingDir(dataDir);
  } catch (error) {
    await worker.close();
    io.err(`forkscope worker: cannot keep recordings in ${dataDir}: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  }
  let health: HealthServer | null = null;
  if (options.healthPort !== undefined) {
    try {
      health = await startHealthServer(options.healthPort, options.healthHost, () => publicHealth(worker.health()));
    } catch (error) {
      await worker.close();
      io.err(`forkscope worker: cannot serve /healthz on ${options.healthHost}:${options.healthPort}: ${(error as Error).message.split('\n')[0]}`);
      return 1;
    }
  }
  io.out(
    `forkscope worker ${worker.id}: up to ${options.capacity} runs at once from ${redactRedisUrl(options.redis)}, contained in cgroups; recordings in ${dataDir}` +
      (health ? `; health on http://${options.healthHost}:${health.port}/healthz` : ''),
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        io.err(`forkscope worker: ${signal} again, exiting now`);
        process.exit(1);
      }
      stopping = true;
      io.err(`forkscope worker: ${signal}, stopping (cancelling its runs)…`);
      void Promise.all([worker.close(), health?.close()]).then(() => resolve());
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return 0;
}
