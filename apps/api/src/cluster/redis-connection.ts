// One connection to Redis, as every node and worker opens them: the run scripts defined on it, its state
// and last failure kept for the health endpoint, and reconnection that never gives up (a restarted Redis
// is back within a second of listening again) but never makes a caller wait for it either, unless asked.
import { Redis } from 'ioredis';
import { CLASS_SCRIPTS, type ClassScriptName } from './class-scripts.js';
import { CLUSTER_SCRIPTS, type ClusterScriptName } from './cluster-scripts.js';
import { redactRedisUrl } from './redact-redis-url.js';

export { redactRedisUrl };

export type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

export type ClusterRedis = Redis & { [K in ClusterScriptName | ClassScriptName]: ScriptCall };

export interface ConnectionState {
  /** `ready` when commands go through. */
  readonly status: string;
  /** The last connection failure, one line (no password), or null once connected again. */
  readonly lastError: string | null;
  /** Its code (ECONNREFUSED, ETIMEDOUT…), or its first words: what may be said without an address. */
  readonly lastErrorCode: string | null;
}

export interface RedisConnectionOptions {
  /** Shown in CLIENT LIST, e.g. `forkscope-api:reader`. */
  name: string;
  /**
   * Commands issued while disconnected wait for the connection (true) or fail at once (false, the
   * default): a request from a page is answered now, not when Redis is back. Workers queue their events.
   */
  queueWhileDisconnected?: boolean;
  /** The connection runs blocking commands (XREAD BLOCK, XREADGROUP BLOCK): no command timeout. */
  blocking?: boolean;
}

/** Longest pause between two reconnection attempts, ms. */
const MAX_RETRY_DELAY_MS = 500;
/** A command without an answer for this long fails (a half-open connection must not hang a request). */
const COMMAND_TIMEOUT_MS = 3000;

export function connectRedis(url: string, options: RedisConnectionOptions): ClusterRedis & { readonly health: ConnectionState } {
  const queue = options.queueWhileDisconnected ?? false;
  const redis = new Redis(url, {
    protocol: 2,
    connectionName: options.name,
    scripts: { ...CLUSTER_SCRIPTS, ...CLASS_SCRIPTS },
    retryStrategy: (times) => Math.min(50 * times, MAX_RETRY_DELAY_MS),
    enableOfflineQueue: queue,
    // A command waits through a few reconnection attempts (about 4 s for a queueing connection), then fails:
    // its caller retries or gives up, never waits forever.
    maxRetriesPerRequest: queue ? 10 : 1,
    ...(options.blocking ? {} : { commandTimeout: COMMAND_TIMEOUT_MS }),
    connectTimeout: 2000,
  }) as ClusterRedis;
  let lastError: string | null = null;
  let lastErrorCode: string | null = null;
  redis.on('error', (error: NodeJS.ErrnoException) => {
    lastError = describeRedisError(error, url);
    lastErrorCode = typeof error.code === 'string' ? error.code : (error.message || 'error').split(/[:\n]/)[0]!.slice(0, 60);
  });
  redis.on('ready', () => {
    lastError = null;
    lastErrorCode = null;
  });
  Object.defineProperty(redis, 'health', {
    get: (): ConnectionState => ({ status: redis.status, lastError, lastErrorCode }),
  });
  return redis as ClusterRedis & { readonly health: ConnectionState };
}

function describeRedisError(error: Error, url: string): string {
  const text = (error.message || String(error)).split('\n')[0]!;
  return `${text} (${redactRedisUrl(url)})`;
}

/** Whether an error means the command never reached Redis or got no answer (as opposed to Redis refusing it). */
export function isConnectionError(error: unknown): boolean {
  const message = (error as Error | undefined)?.message ?? '';
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|MaxRetriesPerRequest|Reached the max retries/i.test(message);
}

/**
 * Closes a connection without waiting for its pending commands. A connection that is between two
 * reconnection attempts never says `end` (ioredis only cancels its timer), so the wait is bounded.
 */
export function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return Promise.resolve();
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
  redis.disconnect(false);
  return settleWithin(ended, CLOSE_WAIT_MS);
}

const CLOSE_WAIT_MS = 500;

/** Waits for `promise` to settle, at most `ms`: shutting down never waits on a Redis that is not there. */
export async function settleWithin(promise: Promise<unknown> | null | undefined, ms: number): Promise<void> {
  if (!promise) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.then(() => {}, () => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
