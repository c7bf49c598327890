// One run on a worker: started by the worker's own supervisor (its cgroup, limits, watchdog), recorded to
// the shared data directory as it goes, and its events appended to the run's stream in Redis in order —
// one append in flight at a time, each from the first event Redis lacks, so a failed append is retried
// and a stream never has a gap. When the run ends: the recording is closed first, then the run is finished
// in Redis, so that by the time its stream expires the recording holds everything.
//
// Fenced: when the cluster no longer counts the run as this worker's (it was declared interrupted because
// this worker could not renew its claim, or Redis lost it), the worker stops reporting it, closes its
// recording where it stands (no run.ended: it reads as interrupted, as it was), and ends its processes.
import type { ForkscopeEvent } from '@forkscope/protocol';
import { createRecordingHeader } from '../recordings/recording-header.js';
import type { RecordingStore } from '../recordings/recording-store.js';
import type { RecordingWriter } from '../recordings/recording-writer.js';
import type { RunHandleLike, RunSupervisorLike, ScenarioCatalogueLike } from '../runs/run-backend.js';
import { entryIdOf, KEY } from './cluster-keys.js';
import type { EndMarker } from './cluster-scripts.js';
import type { ClusterTimings } from './cluster-timings.js';
import { isConnectionError, type ClusterRedis } from './redis-connection.js';
import { checkScenarioRequest } from './scenario-request.js';

export interface WorkerRunContext {
  workerId: string;
  redis: ClusterRedis;
  supervisor: RunSupervisorLike;
  catalogue: ScenarioCatalogueLike;
  store: RecordingStore;
  timings: ClusterTimings;
  onError: (error: unknown, context: string) => void;
}

export interface RunSpec {
  scenario: string;
  driver: string;
  params: Record<string, unknown>;
}

export interface WorkerRun {
  readonly runId: string;
  /** When the worker took it (ms): its claim counts as renewed from then. */
  readonly takenAt: number;
  /** Resolves once its processes are gone and Redis knows how it ended (or it was fenced). */
  readonly done: Promise<void>;
  cancel(): void;
  input(pid: number, text: string): void;
  fence(why: string): void;
}

/** Events per append: a flood goes out in a few large scripts, a quiet run one event at a time. */
const APPEND_BATCH = 256;
const RETRY_MS = 100;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function startWorkerRun(ctx: WorkerRunContext, runId: string, spec: RunSpec): WorkerRun {
  const { redis, timings, workerId } = ctx;
  const takenAt = Date.now();
  const events: ForkscopeEvent[] = [];
  let published = 0;
  let publishing: Promise<void> | null = null;
  let fenced = false;
  let writer: RecordingWriter | null = null;
  let handle: RunHandleLike | null = null;

  const checked = checkScenarioRequest(ctx.catalogue, { scenario: spec.scenario, driver: spec.driver as 'node', params: spec.params });
  if (checked.ok) {
    try {
      writer = ctx.store.createWriter(
        runId,
        createRecordingHeader({
          runId,
          scenario: checked.scenario.id,
          params: checked.params,
          driver: checked.driver,
          startedAt: new Date(),
          python: checked.driver === 'python' ? (ctx.catalogue.runtimeVersion?.('python') ?? null) : null,
        }),
      );
    } catch (error) {
      ctx.onError(error, `recording of run ${runId}`);
    }
  }

  function publish(): void {
    if (publishing || fenced) return;
    publishing = (async () => {
      while (published < events.length && !fenced) {
        const batch = events.slice(published, published + APPEND_BATCH);
        const pairs = batch.flatMap((event) => [entryIdOf(event.seq), JSON.stringify(event)]);
        try {
          const ours = await redis.fsAppend(KEY.run(runId), KEY.events(runId), workerId, timings.streamMaxLen, timings.runTtlSec, ...pairs);
          if (ours !== 1) {
            fence('the cluster no longer counts it as this worker\'s');
            break;
          }
          published += batch.length;
        } catch (error) {
          if (!isConnectionError(error)) ctx.onError(error, `events of run ${runId}`);
          await pause(RETRY_MS);
        }
      }
      publishing = null;
      if (published < events.length && !fenced) publish();
    })();
  }

  async function drained(): Promise<void> {
    while (publishing) await publishing;
  }

  /** Tells Redis how the run ended; retried while Redis is unreachable (the stall fence bounds it). */
  async function finish(marker: EndMarker, status: string): Promise<void> {
    while (!fenced) {
      try {
        await redis.fsFinish(KEY.run(runId), KEY.events(runId), KEY.live, KEY.queue, runId, workerId, JSON.stringify(marker), timings.streamTtlSec, status);
        return;
      } catch (error) {
        if (!isConnectionError(error)) {
          ctx.onError(error, `end of run ${runId}`);
          return;
        }
        await pause(RETRY_MS);
      }
    }
  }

  async function closeRecording(): Promise<void> {
    const w = writer;
    writer = null;
    await w?.close().catch((error: unknown) => ctx.onError(error, `recording of run ${runId}`));
  }

  function fence(why: string): void {
    if (fenced) return;
    fenced = true;
    ctx.onError(new Error(`Run "${runId}" is no longer this worker's (${why}): its processes are ended and its recording is cut off here`), `run ${runId}`);
    void closeRecording();
    handle?.cancel().catch(() => {});
  }

  const done = (async () => {
    if (!checked.ok) {
      await finish({ kind: 'error', code: checked.code, message: `Run "${runId}" could not start on worker ${workerId}: ${checked.message}` }, 'failed');
      return;
    }
    try {
      const launch = ctx.catalogue.launch(checked.scenario, checked.driver);
      handle = ctx.supervisor.startRun({ ...launch, driver: launch.command ? launch.driver : checked.driver, params: checked.params, scenario: checked.scenario.id, runId });
    } catch (error) {
      await closeRecording();
      const code = (error as { code?: unknown }).code === 'ERR_DRIVER_UNKNOWN' ? 'ERR_DRIVER_UNAVAILABLE' : 'ERR_INTERNAL';
      await finish({ kind: 'error', code, message: `Run "${runId}" could not start: ${(error as Error).message}` }, 'failed');
      return;
    }
    handle.subscribe((event) => {
      events.push(event);
      writer?.append(event);
      publish();
    }, 0);
    const result = await handle.result.catch((error: unknown) => {
      ctx.onError(error, `run ${runId}`);
      return null;
    });
    await drained();
    await closeRecording();
    if (fenced) return;
    await finish({ kind: 'ended', status: result?.status ?? 'failed' }, result?.status ?? 'failed');
  })();

  return {
    runId,
    takenAt,
    done,
    fence,
    cancel() {
      handle?.cancel().catch((error: unknown) => ctx.onError(error, `cancel of run ${runId}`));
    },
    input(pid, text) {
      try {
        handle?.input(pid, text);
      } catch (error) {
        // The process ended between the owner's check and now: the line is dropped, as a closed pipe would.
        ctx.onError(error, `input to run ${runId}`);
      }
    },
  };
}
