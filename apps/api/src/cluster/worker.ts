// A lesson worker (`forkscope worker --redis`): takes runs from the queue up to its capacity and runs them
// with its own supervisor — a cgroup per run, limits, a watchdog that ends them if the worker dies, a sweep
// of what a dead predecessor left. It refuses to register where runs cannot be contained in cgroups.
//
// Liveness is one heartbeat: a script that renews the worker's lease and registration and, for each of its
// runs, its claim on the run's queue entry (the entry's idle time is what reclaimers watch). A worker that
// could not renew for `stallMs` ends its runs itself, because by then the cluster has declared them
// interrupted: a run is never going on where nobody can see it.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Containment } from '@forkscope/protocol';
import type { RecordingStore } from '../recordings/recording-store.js';
import { createPruner, pruneRecordings, type RetentionPolicy } from '../recordings/retention.js';
import type { RunSupervisorLike, ScenarioCatalogueLike } from '../runs/run-backend.js';
import { KEY, QUEUE_GROUP } from './cluster-keys.js';
import { ensureQueueGroup, readEpoch } from './cluster-setup.js';
import { resolveTimings, type ClusterTimings } from './cluster-timings.js';
import { fieldOf, interruptedMarker, startReclaimer } from './reclaimer.js';
import { closeRedis, connectRedis, isConnectionError, redactRedisUrl, settleWithin, type ConnectionState } from './redis-connection.js';
import { startWorkerRun, type WorkerRun } from './worker-run.js';

export interface WorkerSupervisor extends RunSupervisorLike {
  readonly containment: Containment;
  readonly warnings: readonly string[];
}

export interface WorkerOptions {
  redisUrl: string;
  /** Runs at once. */
  capacity: number;
  /** Default `<host>-<pid>-<random>`. */
  workerId?: string;
  supervisor: WorkerSupervisor;
  catalogue: ScenarioCatalogueLike;
  /** The shared data directory's recordings. */
  store: RecordingStore;
  /** How many recordings to keep (the worker prunes after each of its runs); null = never prune. */
  retention: RetentionPolicy | null;
  timings?: Partial<ClusterTimings>;
  onError?: (error: unknown, context: string) => void;
}

export interface WorkerHealth {
  ok: boolean;
  role: 'worker';
  worker: string;
  containment: Containment;
  redis: ConnectionState & { url: string };
  registered: boolean;
  capacity: number;
  running: number;
  missing: string[];
}

export interface ClusterWorker {
  readonly id: string;
  readonly running: number;
  health(): WorkerHealth;
  /** Stops taking runs, cancels its own, waits for them, leaves the registry, closes the supervisor. */
  close(): Promise<void>;
}

/** A worker that will not register: it cannot contain runs. */
export class WorkerRefusedError extends Error {
  readonly code = 'ERR_WORKER_REFUSED';
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'WorkerRefusedError', enumerable: false });
  }
}

const READ_BLOCK_MS = 2000;
/** Longest a stopping worker waits for a Redis command in flight. */
const SHUTDOWN_WAIT_MS = 1000;
const RETRY_MS = 200;

export function startWorker(options: WorkerOptions): ClusterWorker {
  const { supervisor, capacity } = options;
  if (supervisor.containment !== 'cgroup') {
    throw new WorkerRefusedError(
      `This worker will not register: runs here cannot be contained in cgroups (${supervisor.warnings.join(' ') || 'no cgroup v2 hierarchy it may write to'}). A worker needs a writable cgroup v2 directory with cgroup.kill (docs/scaling.md says how to give a container one)`,
    );
  }
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new TypeError(`Expected \`capacity\` to be a positive integer, got \`${String(capacity)}\``);
  const timings = resolveTimings(options.timings);
  const id = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const onError = options.onError ?? (() => {});
  const url = options.redisUrl;

  // Events and heartbeats wait through a blip of the connection; the stall fence bounds how long that may be.
  const cmd = connectRedis(url, { name: `forkscope-worker:${id}`, queueWhileDisconnected: true });
  const queue = connectRedis(url, { name: `forkscope-worker:${id}:queue`, blocking: true, queueWhileDisconnected: true });
  const control = connectRedis(url, { name: `forkscope-worker:${id}:control`, queueWhileDisconnected: true });
  const reclaimer = startReclaimer(cmd, { consumer: `reclaimer:${id}`, timings, onError: (error) => onError(error, 'reclaiming stalled runs') });

  const runs = new Map<string, WorkerRun>();
  const since = new Date().toISOString();
  let closing = false;
  let registered = false;
  let lastRenewedAt = 0;
  let beating: Promise<void> | null = null;
  let slotFreed: (() => void) | null = null;
  let epoch: number | null = null;

  const prune = createPruner(
    async () => {
      if (!options.retention) return;
      const live = new Set(cmd.status === 'ready' ? await cmd.zrange(KEY.live, '0', '-1') : []);
      for (const runId of runs.keys()) live.add(runId);
      await pruneRecordings(options.store.dir, options.retention, (runId) => live.has(runId));
    },
    (error) => onError(error, 'pruning recordings'),
  );

  const context = { workerId: id, redis: cmd, supervisor, catalogue: options.catalogue, store: options.store, timings, onError };

  function registration(): string {
    return JSON.stringify({ id, host: hostname(), pid: process.pid, capacity, running: runs.size, containment: supervisor.containment, since });
  }

  // ── heartbeat and the stall fence ─────────────────────────────────────────────────────────────────

  function heartbeat(): void {
    const now = Date.now();
    for (const run of runs.values()) {
      if (now - Math.max(lastRenewedAt, run.takenAt) > timings.stallMs) run.fence(`it could not renew its claim for ${timings.stallMs / 1000} s`);
    }
    if (beating || cmd.status !== 'ready') return;
    const ids = [...runs.keys()];
    const sentAt = now;
    beating = cmd
      .fsHeartbeat(KEY.queue, KEY.workerLease(id), KEY.workers, id, timings.leaseMs, registration(), KEY.run(''), ...ids)
      .then((reply) => {
        const [lost, cancels] = reply as [string[], string[]];
        lastRenewedAt = sentAt;
        registered = true;
        for (const runId of lost) runs.get(runId)?.fence('Redis no longer has it as running here');
        for (const runId of cancels) runs.get(runId)?.cancel();
      })
      .catch((error: unknown) => {
        if (!isConnectionError(error)) onError(error, 'heartbeat');
      })
      .finally(() => {
        beating = null;
      });
  }
  const beat = setInterval(heartbeat, timings.heartbeatMs);
  beat.unref();

  async function onReady(): Promise<void> {
    try {
      await ensureQueueGroup(cmd);
      const now = await readEpoch(cmd);
      if (epoch !== null && now !== epoch) {
        for (const run of runs.values()) run.fence('Redis restarted and lost it');
      }
      epoch = now;
      heartbeat();
    } catch (error) {
      if (!isConnectionError(error)) onError(error, 'joining the cluster');
    }
  }
  cmd.on('ready', () => void onReady());
  cmd.on('close', () => {
    registered = false;
  });

  // ── commands from API nodes ───────────────────────────────────────────────────────────────────────

  control.on('message', (_channel: string, text: string) => {
    let command: { type?: unknown; runId?: unknown; pid?: unknown; text?: unknown };
    try {
      command = JSON.parse(text) as typeof command;
    } catch {
      return;
    }
    const run = typeof command.runId === 'string' ? runs.get(command.runId) : undefined;
    if (!run) return;
    if (command.type === 'cancel') run.cancel();
    else if (command.type === 'input' && typeof command.pid === 'number' && typeof command.text === 'string') run.input(command.pid, command.text);
  });
  control.subscribe(KEY.control(id)).catch((error: unknown) => onError(error, 'subscribing to commands'));

  // ── taking runs ───────────────────────────────────────────────────────────────────────────────────

  const waitForSlot = (): Promise<void> =>
    runs.size < capacity ? Promise.resolve() : new Promise((resolve) => (slotFreed = resolve));
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

  async function take(entryId: string, runId: string): Promise<void> {
    if (closing) {
      // Delivered as the worker stopped: back to the queue for another worker, untouched.
      const marker = JSON.stringify(interruptedMarker(runId, timings.stallMs));
      await cmd.fsReclaim(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, KEY.waiting, runId, entryId, marker, timings.streamTtlSec);
      return;
    }
    const reply = (await cmd.fsTake(KEY.run(runId), KEY.waiting, KEY.queue, runId, id, entryId, Date.now())) as [number, string?, string?, string?];
    if (reply[0] !== 1) return;
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(reply[3] ?? '{}') as Record<string, unknown>;
    } catch {
      // checked again by the run: an unreadable spec fails there with its reason
    }
    const run = startWorkerRun(context, runId, { scenario: reply[1] ?? '', driver: reply[2] ?? '', params });
    runs.set(runId, run);
    void run.done.finally(() => {
      runs.delete(runId);
      const freed = slotFreed;
      slotFreed = null;
      freed?.();
      void prune();
    });
    heartbeat(); // the registration says how busy this worker is now
  }

  async function takeLoop(): Promise<void> {
    while (!closing) {
      await waitForSlot();
      if (closing) break;
      if (queue.status !== 'ready' || !registered) {
        await pause(RETRY_MS);
        continue;
      }
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await queue.xreadgroup('GROUP', QUEUE_GROUP, id, 'COUNT', 1, 'BLOCK', READ_BLOCK_MS, 'STREAMS', KEY.queue, '>')) as typeof reply;
      } catch (error) {
        if (closing) break;
        if (/NOGROUP/.test((error as Error).message)) await ensureQueueGroup(cmd).catch(() => {});
        else if (!isConnectionError(error)) onError(error, 'reading the queue');
        await pause(RETRY_MS);
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [entryId, fields] of entries) {
          const runId = fieldOf(fields, 'run');
          if (runId === null) continue;
          // A failure here leaves the entry pending in this worker's name, where a reclaimer finds it.
          await take(entryId, runId).catch((error: unknown) => {
            if (!isConnectionError(error)) onError(error, `taking run ${runId}`);
          });
        }
      }
    }
  }
  const taking = takeLoop();

  return {
    id,
    get running() {
      return runs.size;
    },
    health() {
      const missing: string[] = [];
      if (cmd.status !== 'ready') missing.push(`redis: ${cmd.health.lastError ?? cmd.status}`);
      else if (!registered) missing.push('registration: not yet registered');
      return {
        ok: cmd.status === 'ready' && registered,
        role: 'worker',
        worker: id,
        containment: supervisor.containment,
        redis: { ...cmd.health, url: redactRedisUrl(url) },
        registered,
        capacity,
        running: runs.size,
        missing,
      };
    },
    async close() {
      if (closing) return;
      closing = true;
      slotFreed?.();
      await closeRedis(queue);
      await settleWithin(taking, SHUTDOWN_WAIT_MS);
      // Each run ends (cancelled) and is reported; without Redis, the stall fence ends the wait.
      for (const run of runs.values()) run.cancel();
      await Promise.all([...runs.values()].map((run) => run.done));
      clearInterval(beat);
      await settleWithin(beating, SHUTDOWN_WAIT_MS);
      await settleWithin(reclaimer.stop(), SHUTDOWN_WAIT_MS);
      if (cmd.status === 'ready') {
        await cmd.hdel(KEY.workers, id).catch(() => {});
        await cmd.del(KEY.workerLease(id)).catch(() => {});
        for (const consumer of [id, `reclaimer:${id}`]) {
          const pending = (await cmd.xpending(KEY.queue, QUEUE_GROUP, '-', '+', 1, consumer).catch(() => [1])) as unknown[];
          if (pending.length === 0) await cmd.xgroup('DELCONSUMER', KEY.queue, QUEUE_GROUP, consumer).catch(() => {});
        }
      }
      await supervisor.close();
      await closeRedis(control);
      await closeRedis(cmd);
    },
  };
}
