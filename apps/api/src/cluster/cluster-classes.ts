// The classroom of a cluster node: the class store in Redis and the bus to the other nodes, on two
// connections of their own (a subscribed connection sends nothing else). app.ts gives them to the hub.
import type { ClassBus } from '../classes/class-bus.js';
import { createRedisClassBus } from './redis-class-bus.js';
import { createRedisClassStore, type RedisClassStore } from './redis-class-store.js';
import { closeRedis, connectRedis } from './redis-connection.js';

export interface ClusterClassesOptions {
  redisUrl: string;
  nodeId: string;
  /** The hub's idle time, ms: a class's keys outlive the last teacher by this and a margin. */
  idleMs: number;
  onError: (error: unknown, context: string) => void;
}

export interface ClusterClasses {
  store: RedisClassStore;
  bus: ClassBus;
  close(): Promise<void>;
}

/** Longer than the idle time, so that the hub ends an idle class (and says so) before its keys expire. */
const KEEP_MARGIN_MS = 30_000;

export function createClusterClasses(options: ClusterClassesOptions): ClusterClasses {
  const { redisUrl: url, nodeId, onError } = options;
  const cmd = connectRedis(url, { name: `forkscope-api:${nodeId}:classes` });
  const subscriber = connectRedis(url, { name: `forkscope-api:${nodeId}:class-signals`, blocking: true });
  // Errors are the connections' state (the health endpoint reads the run manager's); no unhandled 'error' events.
  const store = createRedisClassStore(cmd, { nodeId, keepMs: options.idleMs + KEEP_MARGIN_MS, url, onError });
  const bus = createRedisClassBus(cmd, subscriber, nodeId, onError);
  return {
    store,
    bus,
    async close() {
      bus.close();
      await store.close();
      await closeRedis(subscriber);
      await closeRedis(cmd);
    },
  };
}
