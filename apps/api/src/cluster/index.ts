// @forkscope/api/cluster — many machines: the stateless API node's run manager and the lesson worker,
// talking through Redis (docs/scaling.md). Kept out of the package root so that a single server loads no
// Redis client.
export { createClusterRunManager, type ClusterHealth, type ClusterRunManager, type ClusterRunManagerOptions } from './cluster-run-manager.js';
export { startWorker, WorkerRefusedError, type ClusterWorker, type WorkerHealth, type WorkerOptions, type WorkerSupervisor } from './worker.js';
export { DEFAULT_TIMINGS, resolveTimings, type ClusterTimings } from './cluster-timings.js';
export { entryIdOf, KEY, QUEUE_GROUP, seqOf } from './cluster-keys.js';
export { publicHealth } from './public-health.js';
