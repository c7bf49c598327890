// The classroom's bus between API nodes (classes/class-bus.ts) over Redis pub/sub: one channel per class,
// `forkscope:class:<code>:signals`, subscribed by the nodes that have members of the class. A node hears
// only the classes it serves, a dead node's subscriptions go with its connection, and a signal is small
// (a view, a question, or a word): nothing is kept, the class's state is in its hash. A signal missed
// while a node was cut off from Redis is made good by the hub reading the record again (class-hub.ts).
import type { ClassEndReason } from '@forkscope/protocol';
import type { ClassBus, ClassSignal } from '../classes/class-bus.js';
import { KEY } from './cluster-keys.js';
import type { ClusterRedis } from './redis-connection.js';

const REASONS: readonly ClassEndReason[] = ['ended', 'idle', 'removed', 'server'];

export interface RedisClassBus extends ClassBus {
  close(): void;
}

/** `publisher` sends; `subscriber` is a connection of its own (a subscribed connection sends nothing else). */
export function createRedisClassBus(publisher: ClusterRedis, subscriber: ClusterRedis, nodeId: string, onError: (error: unknown, context: string) => void): RedisClassBus {
  /** channel → its class's listener */
  const listeners = new Map<string, (signal: ClassSignal) => void>();

  subscriber.on('message', (channel: string, text: string) => {
    const listener = listeners.get(channel);
    if (!listener) return;
    const signal = parse(text, nodeId);
    if (signal) listener(signal);
  });
  // Channels subscribed while Redis was away are subscribed again once it is back (ioredis resubscribes only those it had).
  subscriber.on('ready', () => {
    const channels = [...listeners.keys()];
    if (channels.length > 0) subscriber.subscribe(...channels).catch((error: unknown) => onError(error, 'subscribing to class signals'));
  });

  return {
    subscribe(code, listener) {
      listeners.set(KEY.classSignals(code), listener);
      if (subscriber.status === 'ready') subscriber.subscribe(KEY.classSignals(code)).catch(() => {});
    },
    unsubscribe(code) {
      if (!listeners.delete(KEY.classSignals(code))) return;
      if (subscriber.status === 'ready') subscriber.unsubscribe(KEY.classSignals(code)).catch(() => {});
    },
    publish(code, signal) {
      if (publisher.status !== 'ready') return;
      publisher.publish(KEY.classSignals(code), JSON.stringify({ n: nodeId, s: signal })).catch(() => {});
    },
    close() {
      listeners.clear();
    },
  };
}

/** A signal from another node, or null (this node's own, or not one). Redis is ours, but a bad message must not break a class. */
function parse(text: string, self: string): ClassSignal | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { n, s } = message as { n?: unknown; s?: unknown };
  if (n === self || typeof s !== 'object' || s === null) return null;
  const signal = s as Record<string, unknown>;
  const rev = signal.rev;
  const isRev = typeof rev === 'number' && Number.isSafeInteger(rev) && rev > 0;
  switch (signal.k) {
    case 'view':
      return isRev && typeof signal.view === 'object' && signal.view !== null ? (signal as ClassSignal) : null;
    case 'question':
      return isRev && typeof signal.question === 'object' ? (signal as ClassSignal) : null;
    case 'presence':
    case 'answers':
      return { k: signal.k };
    case 'removed':
      return typeof signal.studentId === 'string' ? { k: 'removed', studentId: signal.studentId } : null;
    case 'ended':
      return REASONS.includes(signal.reason as ClassEndReason) ? { k: 'ended', reason: signal.reason as ClassEndReason } : null;
    default:
      return null;
  }
}
