// Connects one timeline store to the server: starts runs, watches them (also from another device),
// resumes after a dropped connection from lastSeq + 1 so no event is lost, cancels, and sends input.
// Every `run` and `watch` carries this tab's owner key, so the tab that started a run stays its owner
// through reconnects and reloads; the server says which role the page has, and the store keeps it.

import type { Driver, ServerMessage } from '@forkscope/protocol';
import type { TimelineStore } from '../store/create-timeline-store.js';
import { tabOwnerKey } from './owner-key.js';
import { ServerConnection, type ConnectionStatus } from './server-connection.js';

export interface ServerError {
  code: string;
  message: string;
  field?: string;
}

export interface RunControllerHooks {
  onError(error: ServerError): void;
  onStatus(status: ConnectionStatus, reconnected: boolean): void;
  /** A run was asked for (true) or answered (false). */
  onPending(pending: boolean): void;
}

export class RunController {
  private readonly connection: ServerConnection;
  private pendingRef: string | null = null;
  private pendingRun: { scenario: string; driver: Driver } | null = null;
  private refCounter = 0;
  /** performance.now() (ms) minus event time (ms): the wall-clock instant the run started, estimated. */
  private startWallMs: number | null = null;

  constructor(
    private readonly store: TimelineStore,
    url: string,
    private readonly hooks: RunControllerHooks,
    private readonly ownerKey: string = tabOwnerKey(),
  ) {
    this.connection = new ServerConnection(url, {
      onMessage: (m) => this.handle(m),
      onStatus: (s) => this.hooks.onStatus(s, false),
      onOpen: (reconnected) => {
        if (reconnected) {
          this.hooks.onStatus('open', true);
          this.resume();
        }
      },
    });
  }

  run(scenario: string, params: Record<string, unknown>, driver: Driver): void {
    this.startWallMs = null;
    this.refCounter += 1;
    const ref = `run-${this.refCounter}`;
    this.pendingRef = ref;
    this.pendingRun = { scenario, driver };
    this.hooks.onPending(true);
    // The picture changes only once the server accepted the run: a refused run changes nothing.
    this.connection.send({ type: 'run', scenario, params, driver, ownerKey: this.ownerKey, ref });
  }

  /** Watch a run started elsewhere, from its first event. */
  watch(runId: string): void {
    this.startWallMs = null;
    this.pendingRef = null;
    this.store.getState().reset({ kind: 'live', runId, scenario: null, driver: null });
    this.connection.send({ type: 'watch', runId, fromSeq: 0, ownerKey: this.ownerKey });
  }

  cancel(): void {
    const runId = this.liveRunId();
    if (runId) this.connection.send({ type: 'cancel', runId });
  }

  input(pid: number, text: string): void {
    const runId = this.liveRunId();
    if (runId) this.connection.send({ type: 'input', runId, pid, text });
  }

  /** Stop following the live run (the page switched to a replay). */
  detach(): void {
    const runId = this.liveRunId();
    if (runId) this.connection.send({ type: 'unwatch', runId });
    this.pendingRef = null;
  }

  /** True while a run was asked for and the server has not answered. */
  get starting(): boolean {
    return this.pendingRef !== null;
  }

  /** The live run's clock (µs since its start), estimated from when its events arrived. */
  liveClock(nowMs: number): number {
    const { model } = this.store.getState();
    if (model.run.endedAt !== null) return model.run.endedAt;
    if (this.startWallMs === null || model.run.status !== 'running') return model.now;
    return Math.max(model.now, (nowMs - this.startWallMs) * 1000);
  }

  close(): void {
    this.connection.close();
  }

  dropConnectionForTest(): void {
    this.connection.dropForTest();
  }

  private liveRunId(): string | null {
    const { source } = this.store.getState();
    return source.kind === 'live' ? source.runId : null;
  }

  private resume(): void {
    const state = this.store.getState();
    const runId = this.liveRunId();
    if (!runId || state.model.run.endedAt !== null) return;
    this.connection.send({ type: 'watch', runId, fromSeq: state.events.length, ownerKey: this.ownerKey });
  }

  private handle(message: ServerMessage): void {
    const state = this.store.getState();
    switch (message.type) {
      case 'hello':
        return;
      case 'run.accepted': {
        if (message.ref !== this.pendingRef) return;
        this.pendingRef = null;
        this.startWallMs = null;
        const run = this.pendingRun;
        state.reset({ kind: 'live', runId: message.runId, scenario: run?.scenario ?? null, driver: run?.driver ?? null });
        this.store.getState().setRole('owner');
        this.hooks.onPending(false);
        // The server streams a run to the client that started it; should the first events have come
        // before this answer, the gap they leave is filled by a watch from receiveEvents' resume point.
        return;
      }
      case 'watching':
        if (message.runId === this.liveRunId()) state.setRole(message.role);
        return;
      case 'events': {
        if (message.runId !== this.liveRunId()) return;
        const now = performance.now();
        for (const e of message.events) {
          const candidate = now - e.t / 1000;
          if (this.startWallMs === null || candidate < this.startWallMs) this.startWallMs = candidate;
        }
        const resumeFrom = state.receiveEvents(message.events);
        if (resumeFrom !== null) this.connection.send({ type: 'watch', runId: message.runId, fromSeq: resumeFrom, ownerKey: this.ownerKey });
        return;
      }
      case 'error': {
        if (message.ref !== undefined && message.ref === this.pendingRef) {
          this.pendingRef = null;
          this.hooks.onPending(false);
        }
        const error: ServerError = { code: message.code, message: message.message };
        if (message.field !== undefined) error.field = message.field;
        this.hooks.onError(error);
        return;
      }
      default:
        return;
    }
  }
}
