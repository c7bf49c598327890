// Runs as the server sees them: validated, capped and queued, recorded to disk as they go, and fanned out
// to every client watching them. One entry per run holds the run's events once (a shared buffer); each
// watching client reads it through its own cursor (ws/run-stream.ts), which is what makes resume after a
// reconnect gapless and duplicate-free.
//
// Owners (events/messages.ts): the connection that started a run owns it, and so does any later
// connection that watches it with the same owner key (the page after a reload). Only owners cancel and
// send input; the key itself is kept as a SHA-256 digest and never leaves this file.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { editedProgramProblem, invalidOption, withResolvers } from '@forkscope/protocol';
import type { Driver, ForkscopeEvent, RunRole, RunSummary, ServerErrorCode, ServerMessage } from '@forkscope/protocol';
import { createRecordingHeader } from '../recordings/recording-header.js';
import { EventBlocks } from './event-blocks.js';
import type { RecordingWriter } from '../recordings/recording-writer.js';
import type { RecordingStore } from '../recordings/recording-store.js';
import type { RunStream, StreamSource } from '../ws/run-stream.js';
import type { RunHandleLike, RunSupervisorLike, ScenarioCatalogueLike, ScenarioLike } from './run-backend.js';
import { EndedRuns, eventBytes } from './ended-runs.js';
import { trackLivePids } from './live-pids.js';

export interface RunCaps {
  /** Runs executing at once, server-wide. Default 4. */
  maxRunning: number;
  /** Runs waiting for a slot; beyond this a start is refused with ERR_BUSY. Default 8. */
  maxQueued: number;
  /** Runs (executing or queued) one connection may have started and not yet ended. Default 2. */
  maxPerClient: number;
  /** Ended runs kept in memory for watchers; older ones are read back from their recording. Default 32. */
  keepEnded: number;
  /** Bytes of events (estimated as JSON) that ended runs may hold in memory together. Default 64 MiB. */
  keepEndedBytes: number;
  /**
   * Bytes of input one run accepts, all lines together. Default 16 KiB: a chat lesson is a few dozen lines
   * typed within the 30 s wall limit (about 1–2 KB), so 16 KiB is ten times what a class uses and stays under
   * 2 % of the 1 MiB output cap; past it a line is refused with ERR_INPUT_LIMIT.
   */
  inputBytes: number;
}

export const DEFAULT_CAPS: RunCaps = { maxRunning: 4, maxQueued: 8, maxPerClient: 2, keepEnded: 32, keepEndedBytes: 64 * 1024 * 1024, inputBytes: 16 * 1024 };

/** A WebSocket client, as the run manager sees it. */
export interface RunClient {
  readonly id: number;
  /** Creates this client's stream of one run's events, starting at `fromSeq`. */
  openStream(runId: string, source: StreamSource, fromSeq: number): RunStream;
  send(message: ServerMessage): void;
}

export interface StartRequest {
  scenario: string;
  params?: Record<string, unknown>;
  driver?: Driver;
  /** The page's owner key (events/messages.ts); without one, only this connection owns the run. */
  ownerKey?: string;
}

/** A learner's own version of a scenario's program (`run.edited`). */
export interface EditedStartRequest extends StartRequest {
  driver: Driver;
  program: string;
}

/** Whether this server runs edited programs: on, or off with the code and reason a `run.edited` is refused with. */
export type EditPolicy = { on: true } | { on: false; code: 'ERR_EDITS_DISABLED' | 'ERR_SANDBOX_UNAVAILABLE'; reason: string };

export type Refusal = { ok: false; code: ServerErrorCode; field?: string; message: string };
export type StartVerdict = { ok: true; runId: string; queued: boolean } | Refusal;
export type WatchVerdict = { ok: true; role: RunRole } | Refusal;

type EntryState = 'queued' | 'running' | 'ended';

interface RunEntry extends StreamSource {
  readonly id: string;
  readonly scenario: string | null;
  readonly driver: Driver;
  readonly params: Record<string, unknown>;
  /** A learner's edited program (one per owner at a time). */
  edited: boolean;
  state: EntryState;
  queuedAt: Date;
  startedAt: Date | null;
  /** SHA-256 of the owner key the run was started with, or null. */
  ownerKeyHash: Buffer | null;
  /** Connections that may cancel the run and send it input. Emptied when the run ends. */
  owners: Set<RunClient>;
  events: ForkscopeEvent[];
  /** The events as JSON, made once for the recording and the watchers, while the run goes. */
  serialised: EventBlocks | null;
  /** Estimated JSON size of `events`, for the memory budget of ended runs. */
  bytes: number;
  /** Input accepted so far, bytes. */
  inputBytes: number;
  watchers: Map<RunClient, RunStream>;
  /** Processes of the run that are alive as far as its events say (input targets). */
  pids: Set<number>;
  handle: RunHandleLike | null;
  writer: RecordingWriter | null;
  launch: () => RunHandleLike;
  ended: Promise<void>;
  markEnded: () => void;
}

export interface RunManagerOptions<S extends ScenarioLike> {
  supervisor: RunSupervisorLike;
  catalogue: ScenarioCatalogueLike<S>;
  store: RecordingStore;
  caps?: Partial<RunCaps>;
  /**
   * How long a running run whose client disconnected (and that nobody watches) waits for that client to
   * come back and watch it again before it is cancelled, ms. A page that lost its connection resumes its
   * run; a closed tab still leaves nothing running. Default 3000; 0 cancels at once.
   */
  reconnectGraceMs?: number;
  /** Called with failures that have no client to go to (a recording that could not be written). */
  onError?: (error: unknown, context: string) => void;
  /** Called once a run's recording is closed (retention runs then). */
  onRecorded?: (runId: string) => void;
  /** Whether `run.edited` is served (app.ts decides: loopback or --allow-edits, and a working sandbox). Default off. */
  edits?: EditPolicy;
}

type Awaitable<T> = T | Promise<T>;

/**
 * What the server's WebSocket sessions and routes use of runs, wherever the runs execute: in this process
 * (createRunManager below, the default) or on workers behind Redis (cluster/cluster-run-manager.ts). The
 * embedded manager answers at once; one that must ask Redis answers with promises.
 */
export interface RunManager {
  start(client: RunClient, request: StartRequest): Awaitable<StartVerdict>;
  /** Starts a learner's edited program in the sandbox: policy, program text, one per owner, then as `start`. */
  startEdited(client: RunClient, request: EditedStartRequest): Awaitable<StartVerdict>;
  /** Cancels a queued or running run the client owns. */
  cancel(client: RunClient, runId: string): Awaitable<{ ok: true } | Refusal>;
  /**
   * Streams a run (live, ended, or from its recording) to the client from `fromSeq`. With the run's owner
   * key, the client becomes one of its owners (while it runs).
   */
  watch(client: RunClient, runId: string, fromSeq: number, ownerKey?: string): Promise<WatchVerdict>;
  unwatch(client: RunClient, runId: string): void;
  /** Sends a line to a process of a run the client owns, within the run's input cap. */
  input(client: RunClient, runId: string, pid: number, text: string): Awaitable<{ ok: true } | Refusal>;
  /** A client went away: stop its streams; cancel the runs it started that nobody else watches. */
  clientGone(client: RunClient): void;
  /** Queued and running runs, for the runs list. */
  live(): Awaitable<RunSummary[]>;
  /** Whether `runId` is queued or running (its recording may still grow), as far as this process knows. */
  isLive(runId: string): boolean;
  readonly counts: { running: number; queued: number };
  /**
   * Identifies where live runs are kept, for `hello`: undefined for this process alone (its pid says it);
   * the Redis epoch shared by every node of a cluster.
   */
  readonly epoch?: number | undefined;
  /** Refuses new runs and lets go of the runs it holds (the embedded manager cancels and awaits them). */
  close(): Promise<void>;
}

/**
 * The parameters an edited run takes. Its text is what runs: a Python program's `# param:` markers are not
 * applied, and a TypeScript program's main() gets its own defaults. What stays is how the python driver runs
 * any program — the output buffering, the start method, and whether children read what the learner types.
 */
export function editedRunParams(driver: Driver, params: Record<string, unknown>): Record<string, unknown> {
  if (driver !== 'python') return {};
  const kept: Record<string, unknown> = {};
  for (const name of ['buffering', 'startMethod', 'interactive']) if (Object.hasOwn(params, name)) kept[name] = params[name];
  return kept;
}

/** The manager of runs in this process: every answer is immediate. */
export interface EmbeddedRunManager extends RunManager {
  start(client: RunClient, request: StartRequest): StartVerdict;
  startEdited(client: RunClient, request: EditedStartRequest): StartVerdict;
  cancel(client: RunClient, runId: string): { ok: true } | Refusal;
  input(client: RunClient, runId: string, pid: number, text: string): { ok: true } | Refusal;
  live(): RunSummary[];
}

export function createRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`;
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}


export function createRunManager<S extends ScenarioLike>(options: RunManagerOptions<S>): EmbeddedRunManager {
  const { supervisor, catalogue, store } = options;
  const caps: RunCaps = { ...DEFAULT_CAPS, ...options.caps };
  for (const [name, value] of Object.entries(caps)) {
    if (!Number.isSafeInteger(value) || value < 0) invalidOption(`caps.${name}`, 'a non-negative integer', value);
  }
  const reconnectGraceMs = options.reconnectGraceMs ?? 3000;
  if (!Number.isSafeInteger(reconnectGraceMs) || reconnectGraceMs < 0) invalidOption('reconnectGraceMs', 'a non-negative integer', reconnectGraceMs);
  const onError = options.onError ?? (() => {});
  const onRecorded = options.onRecorded ?? (() => {});
  const graceTimers = new Set<NodeJS.Timeout>();
  const entries = new Map<string, RunEntry>();
  const queue: RunEntry[] = [];
  const ended = new EndedRuns(caps.keepEnded, caps.keepEndedBytes, (id) => entries.delete(id));
  let running = 0;
  let closing = false;

  function refuse(code: ServerErrorCode, message: string, field?: string): Refusal {
    return { ok: false, code, message, ...(field === undefined ? {} : { field }) };
  }

  function newEntry(id: string, scenario: string | null, driver: Driver, params: Record<string, unknown>, launch: () => RunHandleLike, edited = false): RunEntry {
    const { promise: ended, resolve: markEnded } = withResolvers();
    return {
      id, scenario, driver, params, launch, ended, markEnded, edited,
      state: 'queued', queuedAt: new Date(), startedAt: null, ownerKeyHash: null, owners: new Set(), events: [], serialised: null, bytes: 0, inputBytes: 0,
      watchers: new Map(), pids: new Set(), handle: null, writer: null,
    };
  }

  function notify(entry: RunEntry): void {
    for (const stream of entry.watchers.values()) stream.notify();
  }

  function tellWatchers(entry: RunEntry, message: ServerMessage): void {
    for (const client of entry.watchers.keys()) client.send(message);
  }

  function onEvent(entry: RunEntry, event: ForkscopeEvent): void {
    entry.events.push(event);
    entry.bytes += eventBytes(event);
    if (entry.serialised) entry.serialised.added();
    else entry.writer?.append(event);
    trackLivePids(entry.pids, event);
    notify(entry);
  }

  function begin(entry: RunEntry): void {
    entry.state = 'running';
    entry.startedAt = new Date();
    running++;
    try {
      entry.writer = store.createWriter(
        entry.id,
        createRecordingHeader({
          runId: entry.id,
          scenario: entry.scenario,
          params: entry.params,
          driver: entry.driver,
          startedAt: entry.startedAt,
          python: entry.driver === 'python' ? (catalogue.runtimeVersion?.('python') ?? null) : null,
          edited: entry.edited,
        }),
      );
    } catch (error) {
      onError(error, `recording of run ${entry.id}`);
    }
    entry.serialised = new EventBlocks(
      entry.events,
      (block) => entry.writer?.appendLines(block.text),
      () => lowestCursor(entry),
    );
    let handle: RunHandleLike;
    try {
      handle = entry.launch();
    } catch (error) {
      const code = (error as { code?: unknown }).code === 'ERR_DRIVER_UNKNOWN' ? 'ERR_DRIVER_UNAVAILABLE' : 'ERR_INTERNAL';
      tellWatchers(entry, { type: 'error', code, field: 'runId', message: `Run "${entry.id}" could not start: ${(error as Error).message}` });
      finish(entry);
      return;
    }
    entry.handle = handle;
    handle.subscribe((event) => onEvent(entry, event), 0);
    handle.result.then(
      () => finish(entry),
      (error: unknown) => {
        onError(error, `run ${entry.id}`);
        finish(entry);
      },
    );
  }

  function finish(entry: RunEntry): void {
    if (entry.state === 'ended') return;
    const wasRunning = entry.state === 'running';
    entry.state = 'ended';
    entry.handle = null;
    entry.owners.clear();
    entry.ownerKeyHash = null;
    if (wasRunning) running--;
    // What the last turn added reaches the recording before it closes.
    entry.serialised?.seal();
    entry.serialised = null;
    const writer = entry.writer;
    entry.writer = null;
    const closed = writer ? writer.close().catch((error: unknown) => onError(error, `recording of run ${entry.id}`)) : Promise.resolve();
    void closed.then(() => {
      entry.markEnded();
      if (writer) onRecorded(entry.id);
    });
    ended.remember(entry.id, entry.bytes);
    pump();
  }

  /** The lowest seq a watcher of the run still has to be sent. */
  function lowestCursor(entry: RunEntry): number {
    let lowest = entry.events.length;
    for (const stream of entry.watchers.values()) lowest = Math.min(lowest, stream.cursor);
    return lowest;
  }

  function isOwner(entry: RunEntry, client: RunClient): boolean {
    return entry.owners.has(client);
  }

  function keyMatches(entry: RunEntry, ownerKey: string | undefined): boolean {
    return ownerKey !== undefined && entry.ownerKeyHash !== null && timingSafeEqual(entry.ownerKeyHash, hashKey(ownerKey));
  }

  /** The refusal for a client that is not the run's owner, or null when it is. */
  function ownerOnly(entry: RunEntry, client: RunClient, what: string): Refusal | null {
    if (isOwner(entry, client)) return null;
    return refuse('ERR_NOT_OWNER', `Only the page that started run "${entry.id}" may ${what}; this connection is watching it`, 'runId');
  }

  function pump(): void {
    while (!closing && running < caps.maxRunning && queue.length > 0) begin(queue.shift()!);
  }

  function cancelQueued(entry: RunEntry, why: string): void {
    const index = queue.indexOf(entry);
    if (index !== -1) queue.splice(index, 1);
    tellWatchers(entry, { type: 'error', code: 'ERR_CANCELLED', field: 'runId', message: `Run "${entry.id}" was cancelled while queued (${why}); it never started` });
    finish(entry);
  }

  function cancelEntry(entry: RunEntry, why: string): void {
    if (entry.state === 'queued') cancelQueued(entry, why);
    else if (entry.state === 'running' && entry.handle) {
      entry.handle.cancel().catch((error: unknown) => onError(error, `cancel of run ${entry.id}`));
    }
  }

  function cancelUnlessRewatched(entry: RunEntry): void {
    if (entry.state !== 'running' || reconnectGraceMs === 0) return cancelEntry(entry, 'its client disconnected');
    const timer = setTimeout(() => {
      graceTimers.delete(timer);
      if (entry.watchers.size === 0) cancelEntry(entry, 'its client disconnected');
    }, reconnectGraceMs);
    timer.unref();
    graceTimers.add(timer);
  }

  function addWatcher(client: RunClient, entry: RunEntry, fromSeq: number): void {
    entry.watchers.get(client)?.dispose();
    const stream = client.openStream(entry.id, entry, fromSeq);
    entry.watchers.set(client, stream);
    stream.notify();
  }

  /** A run (the lesson's program, or `program`, a learner's edit of it) checked, capped, queued or started. */
  function admit(client: RunClient, request: StartRequest, program: string | null): StartVerdict {
    if (closing) return refuse('ERR_BUSY', 'The server is shutting down and starts no new runs');
    const scenario = catalogue.get(request.scenario);
    if (!scenario) {
      return refuse('ERR_UNKNOWN_SCENARIO', `Unknown scenario ${JSON.stringify(request.scenario)}; GET /api/scenarios lists them`, 'scenario');
    }
    const driver = request.driver ?? scenario.drivers[0];
    if (driver === undefined || !scenario.drivers.includes(driver)) {
      return refuse('ERR_DRIVER_UNAVAILABLE', `Scenario "${scenario.id}" has no ${String(request.driver)} program; it has: ${scenario.drivers.join(', ') || 'none'}`, 'driver');
    }
    const verdict = catalogue.validateParams(scenario, request.params ?? {}, driver);
    if (!verdict.ok) {
      const field = verdict.field.startsWith('params') ? verdict.field : `params.${verdict.field}`;
      return refuse(verdict.code, verdict.message, field);
    }
    let owned = 0;
    for (const entry of entries.values()) if (entry.state !== 'ended' && isOwner(entry, client)) owned++;
    if (owned >= caps.maxPerClient) {
      return refuse('ERR_BUSY', `This connection already has ${owned} runs going (at most ${caps.maxPerClient}); wait for one to end or cancel it`);
    }
    const startNow = running < caps.maxRunning && queue.length === 0;
    if (!startNow && queue.length >= caps.maxQueued) {
      return refuse('ERR_BUSY', `The server is busy: ${running} runs going and ${queue.length} waiting (at most ${caps.maxQueued}); try again shortly`);
    }
    const runId = createRunId();
    let entry: RunEntry;
    if (program === null) {
      const launch = catalogue.launch(scenario, driver);
      entry = newEntry(runId, scenario.id, driver, verdict.params, () =>
        supervisor.startRun({ ...launch, driver: launch.command ? launch.driver : driver, params: verdict.params, scenario: scenario.id, runId }),
      );
    } else {
      const params = editedRunParams(driver, verdict.params);
      const name = catalogue.programName?.(scenario, driver) ?? undefined;
      const edit = name === undefined ? { source: program } : { source: program, name };
      entry = newEntry(runId, scenario.id, driver, params, () => supervisor.startRun({ edit, driver, params, scenario: scenario.id, runId }), true);
    }
    entry.owners.add(client);
    if (request.ownerKey !== undefined) entry.ownerKeyHash = hashKey(request.ownerKey);
    entries.set(runId, entry);
    addWatcher(client, entry, 0);
    if (startNow) begin(entry);
    else queue.push(entry);
    return { ok: true, runId, queued: !startNow };
  }

  return {
    get counts() {
      return { running, queued: queue.length };
    },

    start(client, request) {
      return admit(client, request, null);
    },

    startEdited(client, request) {
      const policy = options.edits ?? { on: false, code: 'ERR_SANDBOX_UNAVAILABLE', reason: 'this server was built without a sandbox' };
      if (!policy.on) return refuse(policy.code, `Edited programs do not run on this server: ${policy.reason}`, 'program');
      const problem = editedProgramProblem(request.program);
      if (problem) return refuse(problem.code, `Expected \`program\` to be ${problem.message}`, 'program');
      for (const entry of entries.values()) {
        if (entry.state === 'ended' || !entry.edited) continue;
        if (isOwner(entry, client) || keyMatches(entry, request.ownerKey)) {
          return refuse('ERR_EDIT_RUNNING', `Your edited run "${entry.id}" is still going; one edited run at a time: wait for it to end or cancel it`, 'program');
        }
      }
      return admit(client, request, request.program);
    },

    cancel(client, runId) {
      const entry = entries.get(runId);
      if (!entry || entry.state === 'ended') return refuse('ERR_UNKNOWN_RUN', `No queued or running run "${runId}" to cancel`, 'runId');
      const notOwner = ownerOnly(entry, client, 'cancel it');
      if (notOwner) return notOwner;
      cancelEntry(entry, 'cancel requested');
      return { ok: true };
    },

    async watch(client, runId, fromSeq, ownerKey) {
      let entry = entries.get(runId);
      if (!entry) {
        const recording = await store.read(runId).catch(() => null);
        if (!recording) return refuse('ERR_UNKNOWN_RUN', `No run "${runId}", live or recorded`, 'runId');
        entry = entries.get(runId); // a concurrent watch may have loaded it
        if (!entry) {
          const { header } = recording;
          entry = newEntry(runId, header.scenario, header.driver, header.params, () => {
            throw new Error('a recorded run cannot start');
          });
          entry.state = 'ended';
          entry.events = recording.events;
          for (const event of recording.events) entry.bytes += eventBytes(event);
          entry.markEnded();
          entries.set(runId, entry);
          ended.remember(entry.id, entry.bytes);
        }
      }
      if (entry.state !== 'ended' && keyMatches(entry, ownerKey)) entry.owners.add(client);
      addWatcher(client, entry, fromSeq);
      return { ok: true, role: isOwner(entry, client) ? 'owner' : 'viewer' };
    },

    unwatch(client, runId) {
      const entry = entries.get(runId);
      entry?.watchers.get(client)?.dispose();
      entry?.watchers.delete(client);
    },

    input(client, runId, pid, text) {
      const entry = entries.get(runId);
      if (!entry || entry.state !== 'running' || !entry.handle) {
        return refuse('ERR_UNKNOWN_RUN', `No running run "${runId}" to send input to`, 'runId');
      }
      const notOwner = ownerOnly(entry, client, 'send it input');
      if (notOwner) return notOwner;
      if (!entry.pids.has(pid)) {
        return refuse('ERR_UNKNOWN_PROCESS', `Run "${runId}" has no live process ${pid}`, 'pid');
      }
      const bytes = Buffer.byteLength(text) + 1; // the newline the process reads
      if (entry.inputBytes + bytes > caps.inputBytes) {
        return refuse('ERR_INPUT_LIMIT', `Run "${runId}" has taken ${entry.inputBytes} bytes of input; this ${bytes}-byte line would pass its cap of ${caps.inputBytes} bytes, and was not sent`, 'text');
      }
      try {
        entry.handle.input(pid, text);
      } catch (error) {
        return refuse('ERR_UNKNOWN_PROCESS', `Input to process ${pid} of run "${runId}" failed: ${(error as Error).message}`, 'pid');
      }
      entry.inputBytes += bytes;
      return { ok: true };
    },

    clientGone(client) {
      for (const entry of entries.values()) {
        const stream = entry.watchers.get(client);
        if (stream) {
          stream.dispose();
          entry.watchers.delete(client);
        }
        if (entry.owners.delete(client) && entry.owners.size === 0 && entry.watchers.size === 0) cancelUnlessRewatched(entry);
      }
    },

    isLive(runId) {
      const entry = entries.get(runId);
      return entry !== undefined && entry.state !== 'ended';
    },

    live() {
      const out: RunSummary[] = [];
      for (const entry of entries.values()) {
        if (entry.state === 'ended') continue;
        out.push({
          runId: entry.id,
          scenario: entry.scenario,
          driver: entry.driver,
          params: entry.params,
          startedAt: (entry.startedAt ?? entry.queuedAt).toISOString(),
          durationMs: null,
          status: entry.state === 'queued' ? 'queued' : 'running',
          ...(entry.edited ? { edited: true } : {}),
        });
      }
      return out;
    },

    async close() {
      closing = true;
      for (const timer of graceTimers) clearTimeout(timer);
      graceTimers.clear();
      for (const entry of [...queue]) cancelQueued(entry, 'the server is shutting down');
      const pending: Promise<void>[] = [];
      for (const entry of entries.values()) {
        if (entry.state === 'running') cancelEntry(entry, 'the server is shutting down');
        pending.push(entry.ended);
      }
      await Promise.all(pending);
      await supervisor.close();
    },
  };
}
