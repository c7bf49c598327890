// What `/healthz` of a cluster node says to anyone who asks (it is open, for probes): whether it can serve,
// and what it lacks — never an address, a URL or a name.
import type { HealthReport } from '../routes/health.js';
import type { ClusterHealth } from './cluster-run-manager.js';
import type { WorkerHealth } from './worker.js';

export function publicHealth(health: ClusterHealth | WorkerHealth): HealthReport {
  const missing: string[] = [];
  if (health.redis.status !== 'ready') missing.push(`redis: not connected (${health.redis.lastErrorCode ?? health.redis.status})`);
  if (health.role === 'api') {
    if (health.redis.status === 'ready' && health.workers.registered === 0) missing.push('workers: none registered; runs wait in the queue until one is');
    return { ok: health.ok, role: 'api', missing, workers: health.workers, queue: health.queue };
  }
  if (health.redis.status === 'ready' && !health.registered) missing.push('registration: not yet registered');
  return { ok: health.ok, role: 'worker', missing, capacity: health.capacity, running: health.running };
}
