// The run manager of a stateless API node (`forkscope serve --redis`): runs are admitted to the queue in
// Redis, executed by workers, and read back from their event streams. Nothing a client needs lives only
// here: the run, its owner-key digest, its input budget and its events are in Redis, so a page whose node
// died reconnects to any other node and resumes from its last seq.
//
// Per run this node keeps a feed: a copy of the run's events, read once from its stream (XRANGE to catch
// up, then the node's one XREAD BLOCK), which every client watching it here reads through its own cursor
// (ws/run-stream.ts), exactly as clients read the embedded manager's runs. The connections that own the run
// on this node are the feed's owners: only they cancel it or send it input.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import type { Driver, RunRole, RunSummary, ServerErrorCode } from '@forkscope/protocol';
import type { RecordingStore } from '../recordings/recording-store.js';
import type { RunStream } from '../ws/run-stream.js';
import { createRunId, DEFAULT_CAPS, type Refusal, type RunCaps, type RunClient, type RunManager, type StartVerdict, type WatchVerdict } from '../runs/run-manager.js';
import type { ScenarioCatalogueLike, ScenarioLike } from '../runs/run-backend.js';
import { KEY, seqOf } from './cluster-keys.js';
import type { EndMarker } from './cluster-scripts.js';
import { ensureQueueGroup, readEpoch } from './cluster-setup.js';
import { resolveTimings, type ClusterTimings } from './cluster-timings.js';
import { startReclaimer, type Reclaimer } from './reclaimer.js';
import { EMPTY_CENSUS, readCensus, type Census } from './cluster-census.js';
import { addEvent, applyEntries, endOfState, newFeed, parseParams, type Feed } from './run-feed.js';
import { closeRedis, connectRedis, isConnectionError, redactRedisUrl, settleWithin, type ConnectionState } from './redis-connection.js';
import { checkScenarioRequest } from './scenario-request.js';
import { createStreamFollower, type StreamEntry, type StreamFollower } from './stream-follower.js';
import { EndedRuns } from '../runs/ended-runs.js';

export interface ClusterRunManagerOptions<S extends ScenarioLike> {
  /** redis:// or rediss:// URL. */
  redisUrl: string;
  catalogue: ScenarioCatalogueLike<S>;
  /** The shared data directory's recordings: workers write them, every node reads them. */
  store: RecordingStore;
  /** `maxRunning` does not apply (workers' capacities do); `maxQueued` bounds the cluster's queue. */
  caps?: Partial<RunCaps>;
  reconnectGraceMs?: number;
  timings?: Partial<ClusterTimings>;
  /** This node's name (logs, CLIENT LIST, its consumer in the queue group). Default host-pid. */
  nodeId?: string;
  onError?: (error: unknown, context: string) => void;
}

export interface ClusterHealth {
  ok: boolean;
  role: 'api';
  node: string;
  epoch: number | null;
  redis: ConnectionState & { url: string };
  workers: { registered: number; capacity: number; running: number };
  queue: { waiting: number; live: number };
  /** What this node lacks, one line each; empty when nothing is. */
  missing: string[];
}

export interface ClusterRunManager extends RunManager {
  readonly nodeId: string;
  health(): ClusterHealth;
  /** One round of the node's checks now (epoch, queue group, lost runs, health); the timer does it every second. */
  check(): Promise<void>;
  /** Resolves once the node knows its epoch, or after `timeoutMs` (Redis may come later: the node serves meanwhile). */
  whenReady(timeoutMs: number): Promise<boolean>;
}

const HEALTH_EVERY_MS = 1000;
/** Longest a closing node waits for a Redis command in flight. */
const SHUTDOWN_WAIT_MS = 1000;
const DRAIN_CHECK_MS = 16;

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function createClusterRunManager<S extends ScenarioLike>(options: ClusterRunManagerOptions<S>): ClusterRunManager {
  const { catalogue, store } = options;
  const caps: RunCaps = { ...DEFAULT_CAPS, ...options.caps };
  const timings = resolveTimings(options.timings);
  const reconnectGraceMs = options.reconnectGraceMs ?? 3000;
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}`;
  const onError = options.onError ?? (() => {});
  const url = options.redisUrl;

  const cmd = connectRedis(url, { name: `forkscope-api:${nodeId}` });
  const reader = connectRedis(url, { name: `forkscope-api:${nodeId}:reader`, blocking: true });
  const follower: StreamFollower = createStreamFollower(reader, cmd, (error) => onError(error, 'reading run streams'));
  const reclaimer: Reclaimer = startReclaimer(cmd, {
    consumer: `reclaimer:${nodeId}`,
    timings,
    onError: (error) => onError(error, 'reclaiming stalled runs'),
  });

  const feeds = new Map<string, Feed>();
  const opening = new Map<string, Promise<Feed | Refusal>>();
  const ended = new EndedRuns(caps.keepEnded, caps.keepEndedBytes, (id) => feeds.delete(id));
  const graceTimers = new Set<NodeJS.Timeout>();
  let closing = false;
  let epoch: number | null = null;
  let snapshot: Census = EMPTY_CENSUS;

  const refuse = (code: ServerErrorCode, message: string, field?: string): Refusal => ({ ok: false, code, message, ...(field === undefined ? {} : { field }) });
  const unreachable = (what: string): Refusal =>
    refuse('ERR_BUSY', `The run queue is unreachable (Redis at ${redactRedisUrl(url)}: ${cmd.health.lastError ?? cmd.status}), so ${what}; try again shortly`);

  // ── a feed's events ───────────────────────────────────────────────────────────────────────────────

  /** Applies stream entries; 'gap' when an entry is ahead of the events this feed has. */
  function apply(feed: Feed, entries: readonly StreamEntry[]): 'ok' | 'gap' {
    if (feed.state === 'ended') return 'ok';
    const applied = applyEntries(feed, entries);
    if (applied.added) for (const stream of feed.watchers.values()) stream.notify();
    if (applied.end) endFeed(feed, applied.end);
    return applied.gap ? 'gap' : 'ok';
  }

  /** Reads what the feed lacks with XRANGE (and, for events the bounded stream no longer holds, from the recording). */
  async function catchUp(feed: Feed): Promise<void> {
    feed.catchingUp = true;
    follower.unfollow(feed.runId);
    try {
      for (;;) {
        const entries = (await cmd.xrange(KEY.events(feed.runId), `(${feed.lastId}`, '+', 'COUNT', 1000)) as StreamEntry[];
        if (entries.length === 0) break;
        const first = seqOf(entries[0]![0]);
        if (first !== null && first > feed.events.length) await fillFromRecording(feed, first);
        if (apply(feed, entries) === 'gap') throw new Error(`Run "${feed.runId}" lacks events ${feed.events.length}–${(first ?? 0) - 1}: its stream was trimmed and its recording does not have them`);
        if (entries.length < 1000 || feed.state === 'ended') break;
      }
    } finally {
      feed.catchingUp = false;
    }
    if (feed.state === 'live' && !closing) follower.follow(feedReader(feed));
  }

  async function fillFromRecording(feed: Feed, untilSeq: number): Promise<void> {
    const recording = await store.read(feed.runId).catch(() => null);
    for (const event of recording?.events ?? []) {
      if (event.seq === feed.events.length && event.seq < untilSeq) addEvent(feed, event);
    }
  }

  function feedReader(feed: Feed) {
    return {
      runId: feed.runId,
      get lastId() {
        return feed.lastId;
      },
      apply(entries: StreamEntry[]) {
        if (feed.catchingUp) return;
        if (apply(feed, entries) === 'gap') {
          catchUp(feed).catch((error: unknown) => lose(feed, error));
        }
      },
    };
  }

  /** A feed that cannot be read any more: its watchers are told it is cut off here. */
  function lose(feed: Feed, error: unknown): void {
    onError(error, `run ${feed.runId}`);
    endFeed(feed, { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${feed.runId}" can no longer be followed: ${(error as Error).message}` });
  }

  function endFeed(feed: Feed, marker: EndMarker): void {
    if (feed.state === 'ended') return;
    feed.state = 'ended';
    feed.end = marker;
    feed.owners.clear();
    feed.ownerHash = null;
    feed.pids.clear();
    follower.unfollow(feed.runId);
    if (marker.kind === 'error') for (const [client, stream] of feed.watchers) tellWhenDrained(client, stream, feed, marker);
    ended.remember(feed.runId, feed.bytes);
  }

  /** Sends the end marker's error once the client has every event before it (the stream paces them). */
  function tellWhenDrained(client: RunClient, stream: RunStream, feed: Feed, marker: Extract<EndMarker, { kind: 'error' }>): void {
    const check = (): void => {
      if (feed.watchers.get(client) !== stream) return;
      if (stream.cursor < feed.events.length) {
        setTimeout(check, DRAIN_CHECK_MS).unref();
        return;
      }
      client.send({ type: 'error', code: marker.code, field: 'runId', runId: feed.runId, message: marker.message });
    };
    check();
  }

  // ── opening a run this node has not seen ──────────────────────────────────────────────────────────

  async function openFeed(runId: string): Promise<Feed | Refusal> {
    if (cmd.status === 'ready') {
      let record: Record<string, string>;
      try {
        record = await cmd.hgetall(KEY.run(runId));
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        record = {};
      }
      if (record.state !== undefined) {
        const feed = newFeed(runId, {
          scenario: record.scenario ?? null,
          driver: (record.driver as Driver | undefined) ?? 'node',
          params: parseParams(record.params),
          queuedAt: Number(record.queuedAt) || Date.now(),
          startedAt: record.startedAt ? Number(record.startedAt) : null,
          ownerHash: record.owner ? Buffer.from(record.owner, 'hex') : null,
        });
        feeds.set(runId, feed);
        await catchUp(feed);
        if (feed.state === 'ended' || record.state === 'queued' || record.state === 'running') return feed;
        // It ended, but its stream expired before its end marker could be read: the recording says the rest.
        follower.unfollow(runId);
        feeds.delete(runId);
      }
    }
    const recording = await store.read(runId).catch(() => null);
    if (!recording) {
      return cmd.status === 'ready' ? refuse('ERR_UNKNOWN_RUN', `No run "${runId}", live or recorded`, 'runId') : unreachable(`run "${runId}" cannot be looked up`);
    }
    const complete = recording.events.at(-1)?.type === 'run.ended';
    // Without Redis, a recording still growing cannot be told from one cut off.
    if (!complete && cmd.status !== 'ready') return unreachable(`whether run "${runId}" is still going cannot be known`);
    const { header } = recording;
    const feed = newFeed(runId, { scenario: header.scenario, driver: header.driver, params: header.params, queuedAt: Date.parse(header.startedAt), startedAt: Date.parse(header.startedAt), ownerHash: null });
    for (const event of recording.events) addEvent(feed, event);
    feeds.set(runId, feed);
    endFeed(
      feed,
      complete
        ? { kind: 'ended', status: 'completed' }
        : { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${runId}" was interrupted: its recording ends without run.ended, at seq ${recording.events.length - 1}` },
    );
    return feed;
  }

  function findOrOpen(runId: string): Promise<Feed | Refusal> {
    const known = feeds.get(runId);
    if (known) return Promise.resolve(known);
    let pending = opening.get(runId);
    if (!pending) {
      pending = openFeed(runId).finally(() => opening.delete(runId));
      opening.set(runId, pending);
    }
    return pending;
  }

  function addWatcher(client: RunClient, feed: Feed, fromSeq: number): void {
    feed.watchers.get(client)?.dispose();
    const stream = client.openStream(feed.runId, feed, fromSeq);
    feed.watchers.set(client, stream);
    stream.notify();
    if (feed.end?.kind === 'error') tellWhenDrained(client, stream, feed, feed.end);
  }

  function ownerOnly(feed: Feed, client: RunClient, what: string): Refusal | null {
    if (feed.owners.has(client)) return null;
    return refuse('ERR_NOT_OWNER', `Only the page that started run "${feed.runId}" may ${what}; this connection is watching it`, 'runId');
  }

  // ── owners who leave ──────────────────────────────────────────────────────────────────────────────

  /** The run's last owner here left and nobody here watches: cancel it unless someone watches it again (on any node) within the grace. */
  function detach(feed: Feed): void {
    const token = randomBytes(8).toString('hex');
    const runId = feed.runId;
    cmd.fsDetach(KEY.run(runId), token).then(
      (marked) => {
        if (marked !== 1 || closing) return;
        const timer = setTimeout(() => {
          graceTimers.delete(timer);
          cancelInRedis(runId, 'its client disconnected', token).catch((error: unknown) => onError(error, `cancel of run ${runId}`));
        }, reconnectGraceMs);
        timer.unref();
        graceTimers.add(timer);
      },
      (error: unknown) => onError(error, `detaching run ${runId}`),
    );
  }

  function cancelInRedis(runId: string, why: string, token = ''): Promise<unknown> {
    const marker: EndMarker = { kind: 'error', code: 'ERR_CANCELLED', message: `Run "${runId}" was cancelled while queued (${why}); it never started` };
    return cmd.fsCancel(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, KEY.waiting, runId, JSON.stringify(marker), timings.streamTtlSec, KEY.control(''), token);
  }

  // ── the node's checks, every second ───────────────────────────────────────────────────────────────

  /** Ends every live feed: Redis lost their runs (it restarted empty). */
  function loseAll(message: string): void {
    for (const feed of [...feeds.values()]) {
      if (feed.state === 'live') endFeed(feed, { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${feed.runId}" was interrupted: ${message}` });
    }
  }

  let checking: Promise<void> | null = null;
  async function checkOnce(): Promise<void> {
    if (cmd.status !== 'ready' || closing) return;
    const now = await readEpoch(cmd);
    if (epoch !== null && now !== epoch) loseAll('Redis restarted and lost every run in flight; its recording ends where it was cut off');
    epoch = now;
    await ensureQueueGroup(cmd);
    // A live feed whose run Redis no longer has (expired, or lost) would wait forever: it is cut off.
    const live = [...feeds.values()].filter((f) => f.state === 'live' && !f.catchingUp);
    if (live.length > 0) {
      const states = await Promise.all(live.map((f) => cmd.hget(KEY.run(f.runId), 'state')));
      live.forEach((feed, i) => {
        if (states[i] === null) endFeed(feed, { kind: 'error', code: 'ERR_RUN_INTERRUPTED', message: `Run "${feed.runId}" was interrupted: Redis no longer has it` });
        else if (states[i] !== 'queued' && states[i] !== 'running') {
          // It ended and this node missed the end marker (cut off from Redis meanwhile): read it, or say how it ended.
          const state = states[i]!;
          catchUp(feed).then(
            () => {
              if (feed.state === 'live') endFeed(feed, endOfState(feed.runId, state));
            },
            (error: unknown) => lose(feed, error),
          );
        }
      });
    }
    snapshot = await readCensus(cmd);
  }
  const check = (): Promise<void> => {
    checking ??= checkOnce()
      .catch((error: unknown) => {
        if (!isConnectionError(error)) onError(error, 'cluster check');
      })
      .finally(() => {
        checking = null;
      });
    return checking;
  };
  const ticker = setInterval(() => void check(), HEALTH_EVERY_MS);
  ticker.unref();
  cmd.on('ready', () => void check());

  // ── the manager ───────────────────────────────────────────────────────────────────────────────────

  return {
    nodeId,
    get epoch() {
      return epoch ?? undefined;
    },
    get counts() {
      let running = 0;
      let queued = 0;
      for (const feed of feeds.values()) {
        if (feed.state !== 'live') continue;
        if (feed.startedAt === null && feed.events.length === 0) queued++;
        else running++;
      }
      return { running, queued };
    },
    check,

    async whenReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (epoch === null && Date.now() < deadline && !closing) {
        if (cmd.status === 'ready') await check();
        if (epoch === null) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return epoch !== null;
    },

    health() {
      const missing: string[] = [];
      if (cmd.status !== 'ready') missing.push(`redis: ${cmd.health.lastError ?? cmd.status}`);
      if (cmd.status === 'ready' && snapshot.registered === 0) missing.push('workers: none registered; runs wait in the queue until one is');
      return {
        ok: cmd.status === 'ready' && epoch !== null,
        role: 'api',
        node: nodeId,
        epoch,
        redis: { ...cmd.health, url: redactRedisUrl(url) },
        workers: { registered: snapshot.registered, capacity: snapshot.capacity, running: snapshot.running },
        queue: { waiting: snapshot.waiting, live: snapshot.live },
        missing,
      };
    },

    // Workers run only the scenarios of their own catalogue; a learner's program would have to travel with
    // the run and be sandboxed on the worker, which the cluster does not do yet.
    startEdited(): StartVerdict {
      return refuse('ERR_EDITS_DISABLED', 'Edited programs are not run when the server is a node of a cluster (--redis): run a lesson, or use a single server');
    },

    async start(client, request): Promise<StartVerdict> {
      if (closing) return refuse('ERR_BUSY', 'The server is shutting down and starts no new runs');
      const checked = checkScenarioRequest(catalogue, request);
      if (!checked.ok) return checked;
      let owned = 0;
      for (const feed of feeds.values()) if (feed.state === 'live' && feed.owners.has(client)) owned++;
      if (owned >= caps.maxPerClient) {
        return refuse('ERR_BUSY', `This connection already has ${owned} runs going (at most ${caps.maxPerClient}); wait for one to end or cancel it`);
      }
      if (cmd.status !== 'ready') return unreachable('no run can start now');
      const runId = createRunId();
      const ownerHash = request.ownerKey === undefined ? null : hashKey(request.ownerKey);
      const queuedAt = Date.now();
      let reply: number[];
      try {
        reply = (await cmd.fsAdmit(
          KEY.run(runId), KEY.waiting, KEY.ticket, KEY.live, KEY.queue, KEY.workers,
          runId, caps.maxQueued, queuedAt, checked.scenario.id, checked.driver, JSON.stringify(checked.params),
          ownerHash?.toString('hex') ?? '', caps.inputBytes, timings.runTtlSec, KEY.workerLease(''),
        )) as number[];
      } catch (error) {
        if (isConnectionError(error)) return unreachable('the run was not started');
        throw error;
      }
      if (reply[0] === 0) {
        const waiting = reply[1]!;
        return refuse(
          'ERR_BUSY',
          `The run queue is full: ${waiting} runs wait for a worker (at most ${caps.maxQueued}), so yours would be number ${waiting + 1} in line; try again shortly`,
        );
      }
      if (reply[0] !== 1) return refuse('ERR_INTERNAL', `Run id "${runId}" is taken; the run was not started`);
      const [, position = 1, free = 0] = reply;
      const feed = newFeed(runId, { scenario: checked.scenario.id, driver: checked.driver, params: checked.params, queuedAt, startedAt: null, ownerHash });
      feed.owners.add(client);
      feeds.set(runId, feed);
      follower.follow(feedReader(feed));
      addWatcher(client, feed, 0);
      return { ok: true, runId, queued: position > free };
    },

    async cancel(client, runId) {
      const feed = feeds.get(runId);
      if (!feed || feed.state !== 'live') return refuse('ERR_UNKNOWN_RUN', `No queued or running run "${runId}" to cancel`, 'runId');
      const notOwner = ownerOnly(feed, client, 'cancel it');
      if (notOwner) return notOwner;
      try {
        const result = await cancelInRedis(runId, 'cancel requested');
        if (result === 'none') return refuse('ERR_UNKNOWN_RUN', `No queued or running run "${runId}" to cancel`, 'runId');
      } catch (error) {
        if (isConnectionError(error)) return unreachable(`run "${runId}" was not cancelled`);
        throw error;
      }
      return { ok: true };
    },

    async watch(client, runId, fromSeq, ownerKey): Promise<WatchVerdict> {
      const found = await findOrOpen(runId);
      if ('ok' in found) return found;
      const feed = found;
      if (feed.state === 'live') {
        if (ownerKey !== undefined && feed.ownerHash !== null && timingSafeEqual(feed.ownerHash, hashKey(ownerKey))) feed.owners.add(client);
        // Someone is watching again: a pending grace cancel (on whichever node) keeps the run.
        cmd.hdel(KEY.run(runId), 'detached').catch(() => {});
      }
      addWatcher(client, feed, fromSeq);
      return { ok: true, role: feed.owners.has(client) ? ('owner' as RunRole) : 'viewer' };
    },

    unwatch(client, runId) {
      const feed = feeds.get(runId);
      feed?.watchers.get(client)?.dispose();
      feed?.watchers.delete(client);
    },

    async input(client, runId, pid, text) {
      const feed = feeds.get(runId);
      if (!feed || feed.state !== 'live' || feed.events.length === 0) return refuse('ERR_UNKNOWN_RUN', `No running run "${runId}" to send input to`, 'runId');
      const notOwner = ownerOnly(feed, client, 'send it input');
      if (notOwner) return notOwner;
      if (!feed.pids.has(pid)) return refuse('ERR_UNKNOWN_PROCESS', `Run "${runId}" has no live process ${pid}`, 'pid');
      const bytes = Buffer.byteLength(text) + 1;
      let reply: (string | number)[];
      try {
        reply = (await cmd.fsInput(KEY.run(runId), bytes, JSON.stringify({ type: 'input', runId, pid, text }), KEY.control(''))) as (string | number)[];
      } catch (error) {
        if (isConnectionError(error)) return unreachable(`the line was not sent to run "${runId}"`);
        throw error;
      }
      if (reply[0] === 'limit') {
        return refuse('ERR_INPUT_LIMIT', `Run "${runId}" has taken ${reply[1]} bytes of input; this ${bytes}-byte line would pass its cap of ${reply[2]} bytes, and was not sent`, 'text');
      }
      if (reply[0] !== 'ok') return refuse('ERR_UNKNOWN_RUN', `No running run "${runId}" to send input to`, 'runId');
      return { ok: true };
    },

    clientGone(client) {
      for (const feed of feeds.values()) {
        const stream = feed.watchers.get(client);
        if (stream) {
          stream.dispose();
          feed.watchers.delete(client);
        }
        if (feed.owners.delete(client) && feed.owners.size === 0 && feed.watchers.size === 0 && feed.state === 'live' && !closing) detach(feed);
      }
    },

    isLive(runId) {
      return feeds.get(runId)?.state === 'live';
    },

    async live(): Promise<RunSummary[]> {
      const summary = (runId: string, r: { scenario: string | null; driver: Driver; params: Record<string, unknown>; queuedAt: number; startedAt: number | null }): RunSummary => ({
        runId,
        scenario: r.scenario,
        driver: r.driver,
        params: r.params,
        startedAt: new Date(r.startedAt ?? r.queuedAt).toISOString(),
        durationMs: null,
        status: r.startedAt === null ? 'queued' : 'running',
      });
      if (cmd.status === 'ready') {
        try {
          const ids = await cmd.zrange(KEY.live, '0', '-1');
          const records = await Promise.all(ids.map((id) => cmd.hmget(KEY.run(id), 'scenario', 'driver', 'params', 'queuedAt', 'startedAt', 'state')));
          const out: RunSummary[] = [];
          ids.forEach((id, i) => {
            const [scenario, driver, params, queuedAt, startedAt, state] = records[i]!;
            if (state !== 'queued' && state !== 'running') return;
            out.push(summary(id, { scenario: scenario ?? null, driver: (driver as Driver | null) ?? 'node', params: parseParams(params), queuedAt: Number(queuedAt) || Date.now(), startedAt: startedAt ? Number(startedAt) : null }));
          });
          return out;
        } catch (error) {
          if (!isConnectionError(error)) throw error;
        }
      }
      return [...feeds.values()].filter((f) => f.state === 'live').map((f) => summary(f.runId, f));
    },

    async close() {
      closing = true;
      clearInterval(ticker);
      for (const timer of graceTimers) clearTimeout(timer);
      graceTimers.clear();
      for (const feed of feeds.values()) for (const stream of feed.watchers.values()) stream.dispose();
      const stopped = follower.close();
      await settleWithin(reclaimer.stop(), SHUTDOWN_WAIT_MS);
      await settleWithin(checking, SHUTDOWN_WAIT_MS);
      await settleWithin(Promise.allSettled([...opening.values()]), SHUTDOWN_WAIT_MS);
      // The runs go on (workers hold them); this node's consumer leaves the group when nothing is pending in its name.
      if (cmd.status === 'ready') {
        const consumer = `reclaimer:${nodeId}`;
        const pending = (await cmd.xpending(KEY.queue, 'workers', '-', '+', 1, consumer).catch(() => [1])) as unknown[];
        if (pending.length === 0) await cmd.xgroup('DELCONSUMER', KEY.queue, 'workers', consumer).catch(() => {});
      }
      await closeRedis(reader);
      await settleWithin(stopped, SHUTDOWN_WAIT_MS);
      await closeRedis(cmd);
    },
  };
}
