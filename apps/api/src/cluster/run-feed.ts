// An API node's copy of one run: its events as read from the run's stream (entry id 0-<seq+1>), the
// connections watching it here and those that own it here. Every watcher reads `events` through its own
// cursor (ws/run-stream.ts), exactly as the embedded manager's runs are read: `events[i].seq === i`.
import type { Driver, ForkscopeEvent, ServerErrorCode } from '@forkscope/protocol';
import type { RunClient } from '../runs/run-manager.js';
import type { RunStream } from '../ws/run-stream.js';
import { seqOf } from './cluster-keys.js';
import type { EndMarker } from './cluster-scripts.js';
import { fieldOf } from './reclaimer.js';
import type { StreamEntry } from './stream-follower.js';
import { eventBytes } from '../runs/ended-runs.js';
import { trackLivePids } from '../runs/live-pids.js';

export interface Feed {
  readonly runId: string;
  scenario: string | null;
  driver: Driver;
  params: Record<string, unknown>;
  queuedAt: number;
  startedAt: number | null;
  state: 'live' | 'ended';
  /** How the run ended, once its stream says so. */
  end: EndMarker | null;
  /** SHA-256 of the owner key the run was started with (from Redis), or null. */
  ownerHash: Buffer | null;
  owners: Set<RunClient>;
  watchers: Map<RunClient, RunStream>;
  events: ForkscopeEvent[];
  /** Estimated JSON size of `events`, for the memory budget of ended runs. */
  bytes: number;
  /** Processes of the run alive as far as its events say (input targets). */
  pids: Set<number>;
  /** The last stream entry applied. */
  lastId: string;
  catchingUp: boolean;
}

export type FeedMeta = Pick<Feed, 'scenario' | 'driver' | 'params' | 'queuedAt' | 'startedAt' | 'ownerHash'>;

export function newFeed(runId: string, meta: FeedMeta): Feed {
  return { runId, ...meta, state: 'live', end: null, owners: new Set(), watchers: new Map(), events: [], bytes: 0, pids: new Set(), lastId: '0-0', catchingUp: false };
}

/** What applying stream entries did: events added, the end marker met, or a gap (an entry ahead of the events held). */
export interface Applied {
  added: boolean;
  end: EndMarker | null;
  gap: boolean;
}

/** Applies stream entries in order, up to an end marker or a gap; entries already held are skipped. */
export function applyEntries(feed: Feed, entries: readonly StreamEntry[]): Applied {
  const applied: Applied = { added: false, end: null, gap: false };
  for (const [id, fields] of entries) {
    const marker = fieldOf(fields, 'end');
    if (marker !== null) {
      feed.lastId = id;
      applied.end = parseMarker(feed.runId, marker);
      break;
    }
    const seq = seqOf(id);
    const event = seq === null ? null : parseEvent(fieldOf(fields, 'e'), seq);
    if (seq === null || event === null || seq < feed.events.length) {
      feed.lastId = id; // not an event of ours, or one we have
      continue;
    }
    if (seq > feed.events.length) {
      applied.gap = true;
      break;
    }
    addEvent(feed, event);
    feed.lastId = id;
    applied.added = true;
  }
  return applied;
}

export function addEvent(feed: Feed, event: ForkscopeEvent): void {
  feed.events.push(event);
  feed.bytes += eventBytes(event);
  if (event.type === 'run.started') feed.startedAt ??= Date.now();
  trackLivePids(feed.pids, event);
}

/** An event from a run's stream: written by a worker from its supervisor's events, checked for shape and seq. */
function parseEvent(text: string | null, seq: number): ForkscopeEvent | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<ForkscopeEvent> | null;
    return value !== null && typeof value === 'object' && value.seq === seq && typeof value.type === 'string' ? (value as ForkscopeEvent) : null;
  } catch {
    return null;
  }
}

function parseMarker(runId: string, text: string): EndMarker {
  try {
    const value = JSON.parse(text) as Partial<EndMarker> | null;
    if (value?.kind === 'ended' && typeof value.status === 'string') return { kind: 'ended', status: value.status };
    if (value?.kind === 'error' && typeof value.code === 'string' && typeof value.message === 'string') return { kind: 'error', code: value.code as ServerErrorCode, message: value.message };
  } catch {
    // below
  }
  return { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${runId}" ended with an unreadable end marker` };
}

/** How a run ended, from its record's state alone (its end marker was not read before its stream expired). */
export function endOfState(runId: string, state: string): EndMarker {
  if (state === 'ended') return { kind: 'ended', status: 'completed' };
  if (state === 'cancelled') return { kind: 'error', code: 'ERR_CANCELLED', message: `Run "${runId}" was cancelled while queued; it never started` };
  return { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${runId}" was interrupted (${state}); its recording ends where it was cut off` };
}

export function parseParams(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
