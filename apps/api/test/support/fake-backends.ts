// Test doubles for the run manager's backends: a supervisor whose runs emit exactly the events a test
// pushes, and a two-scenario catalogue. Used by unit tests only; integration tests use the real ones.
import { withResolvers, type Driver, type ForkscopeEvent } from '@forkscope/protocol';
import type {
  ParamsVerdict,
  RunHandleLike,
  RunLaunch,
  RunResultLike,
  RunSupervisorLike,
  ScenarioCatalogueLike,
  ScenarioLike,
} from '../../src/runs/run-backend.js';

/** An event as a test writes it: seq is assigned, t defaults to seq ms. */
export type EventInput = ForkscopeEvent extends infer E ? (E extends ForkscopeEvent ? Omit<E, 'seq' | 't'> & { t?: number } : never) : never;

export interface FakeRun extends RunHandleLike {
  readonly options: RunLaunch & { params?: Record<string, unknown>; scenario?: string | null; runId?: string };
  readonly inputs: { pid: number; text: string }[];
  /** Appends an event (seq and t filled in). */
  emit(event: EventInput): void;
  end(status?: RunResultLike['status']): void;
  readonly cancelled: boolean;
}

export function createFakeSupervisor(): RunSupervisorLike & { runs: FakeRun[]; closed: boolean } {
  const runs: FakeRun[] = [];
  const supervisor = {
    runs,
    closed: false,
    startRun(options: FakeRun['options']): FakeRun {
      const id = options.runId ?? `fake-${runs.length}`;
      const events: ForkscopeEvent[] = [];
      const listeners = new Set<(e: ForkscopeEvent) => void>();
      const { promise: result, resolve: settle } = withResolvers<RunResultLike>();
      let ended = false;
      let cancelled = false;
      const run: FakeRun = {
        id,
        options,
        inputs: [],
        result,
        get cancelled() {
          return cancelled;
        },
        subscribe(listener, fromSeq = 0) {
          for (const e of events.slice(fromSeq)) listener(e);
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        emit(partial) {
          const event = { t: events.length * 1000, ...partial, seq: events.length } as ForkscopeEvent;
          events.push(event);
          for (const l of listeners) l(event);
        },
        end(status = 'completed') {
          if (ended) return;
          ended = true;
          run.emit({ type: 'run.ended', pid: 1, status, reason: null, exitCode: 0, leftovers: 0 });
          settle({ runId: id, status, reason: null, exitCode: 0, leftovers: 0, durationMs: 1 });
        },
        cancel() {
          cancelled = true;
          run.end('cancelled');
          return result;
        },
        input(pid, text) {
          run.inputs.push({ pid, text });
        },
      };
      runs.push(run);
      run.emit({ type: 'run.started', pid: 1, runId: id, scenario: options.scenario ?? null, params: options.params ?? {}, driver: 'node',
        containment: 'process-group', limits: { wallMs: 1, tasks: 1, memoryBytes: null, outputBytes: 1, cpuSeconds: 1 }, warnings: [] });
      return run;
    },
    async close() {
      supervisor.closed = true;
      for (const run of runs) void run.cancel();
    },
  };
  return supervisor;
}

interface FakeScenario extends ScenarioLike {
  title: { en: string; zh: string };
  expectations: { id: string; text: { en: string; zh: string }; check(): unknown }[];
}

export function createFakeCatalogue(): ScenarioCatalogueLike<FakeScenario> {
  const scenarios: FakeScenario[] = [
    { id: 'hello', drivers: ['node', 'python'], title: { en: 'Hello', zh: '你好' }, expectations: [{ id: 'e1', text: { en: 'prints', zh: '打印' }, check: () => ({ status: 'pass' }) }] },
    { id: 'node-only', drivers: ['node'], title: { en: 'Node only', zh: '仅 Node' }, expectations: [] },
  ];
  return {
    list: () => scenarios,
    get: (id) => scenarios.find((s) => s.id === id),
    validateParams(_scenario, input): ParamsVerdict {
      const params = input as Record<string, unknown>;
      for (const [key, value] of Object.entries(params)) {
        if (key !== 'n') return { ok: false, code: 'ERR_UNKNOWN_PARAM', field: key, message: `Unknown parameter \`${key}\`` };
        if (!Number.isInteger(value)) return { ok: false, code: 'ERR_BAD_PARAM', field: 'n', message: `Expected \`n\` to be an integer, got \`${String(value)}\`` };
      }
      return { ok: true, params: { n: 1, ...params } };
    },
    launch: (scenario, driver: Driver) => ({ program: { file: `/programs/${scenario.id}.${driver}` }, driver }),
    source: (scenario, driver) => `// ${scenario.id} in ${driver}`,
  };
}
