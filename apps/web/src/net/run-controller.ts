// Connects one timeline store to the server: starts runs, watches them (also from another device),
// cancels, sends input. After a dropped connection it asks the server that answers what became of the
// run: the same server process resumes the stream from lastSeq + 1 (nothing lost, nothing twice); a
// restarted one has the run's recording, which says how it ended — or that it was cut off.
// Every `run` and `watch` carries this tab's owner key, so the tab that started a run stays its owner
// through reconnects and reloads; the server says which role the page has (`watching`), the run state keeps it.

import { parseRecording, type ClientMessage, type Driver, type RunStatus, type ServerMessage } from '@forkscope/protocol';
import type { TimelineStore } from '../store/create-timeline-store.js';
import { canControlRun, canRun, liveClockRuns } from '../store/run-state.js';
import { tabOwnerKey } from './owner-key.js';
import { ServerConnection } from './server-connection.js';
import { listRuns, recordingText } from './rest-client.js';

export interface ServerError {
  code: string;
  message: string;
  field?: string;
}

/** What the page learned about its run after the connection came back. */
export type ReconnectNotice =
  | { kind: 'continues' }
  /** The same server, but the run ended while the page could not see it. */
  | { kind: 'ended-while-away' }
  /** Another server process: the run ended (its recording says how) or was cut off (`interrupted`). */
  | { kind: 'server-restarted'; status: RunStatus | 'interrupted'; at: number };

export interface RunControllerHooks {
  onError(error: ServerError): void;
  onReconnect(notice: ReconnectNotice): void;
}

export class RunController {
  private readonly connection: ServerConnection;
  private pendingRef: string | null = null;
  private pendingRun: { scenario: string; driver: Driver } | null = null;
  /** The run this page follows, re-watched from where it stands whenever the server says hello. */
  private following: { runId: string; ref: string } | null = null;
  private refCounter = 0;
  /** performance.now() (ms) minus event time (ms): the wall-clock instant the run started, estimated. */
  private startWallMs: number | null = null;
  /** Whoever else reads this connection's messages (the classroom), after the controller. */
  private readonly listeners = new Set<(message: ServerMessage) => void>();

  constructor(
    private readonly store: TimelineStore,
    url: string,
    private readonly hooks: RunControllerHooks,
    private readonly ownerKey: string = tabOwnerKey(),
  ) {
    this.connection = new ServerConnection(url, {
      onMessage: (m) => {
        this.handle(m);
        for (const listener of this.listeners) listener(m);
      },
      onStatus: (s) => {
        if (s === 'lost') this.store.getState().dispatch({ type: 'connection-lost', at: Date.now() });
      },
    });
  }

  /** Asks for a run; false (and nothing sent) when the page may not start one now. */
  run(scenario: string, params: Record<string, unknown>, driver: Driver): boolean {
    if (!canRun(this.store.getState().run)) return false;
    const ref = this.nextRef('run');
    // The picture changes only once the server accepted the run: a refused run changes nothing.
    if (!this.connection.send({ type: 'run', scenario, params, driver, ownerKey: this.ownerKey, ref })) return false;
    this.startWallMs = null;
    this.pendingRef = ref;
    this.pendingRun = { scenario, driver };
    this.store.getState().dispatch({ type: 'run-requested' });
    return true;
  }

  /**
   * Asks for a run of the learner's own version of a scenario's program (`run.edited`), run in the server's
   * sandbox; false (and nothing sent) when the page may not start one now.
   */
  runEdited(scenario: string, params: Record<string, unknown>, driver: Driver, program: string): boolean {
    if (!canRun(this.store.getState().run)) return false;
    const ref = this.nextRef('edit');
    if (!this.connection.send({ type: 'run.edited', scenario, params, driver, program, ownerKey: this.ownerKey, ref })) return false;
    this.startWallMs = null;
    this.pendingRef = ref;
    this.pendingRun = { scenario, driver };
    this.store.getState().dispatch({ type: 'run-requested' });
    return true;
  }

  /** Watch a run started elsewhere, from its first event (sent now, or when the server says hello). */
  watch(runId: string): void {
    this.startWallMs = null;
    this.pendingRef = null;
    const s = this.store.getState();
    s.reset({ kind: 'live', runId, scenario: null, driver: null });
    s.dispatch({ type: 'watch', runId });
    this.following = { runId, ref: this.nextRef('watch') };
    this.connection.send({ type: 'watch', runId, fromSeq: 0, ownerKey: this.ownerKey, ref: this.following.ref });
  }

  /**
   * Show a run whose events come over another channel (a class follows its teacher's run): the store
   * starts over with it, as a viewer; no watch is sent, and none is sent again after a reconnect.
   */
  follow(runId: string, scenario: string | null): void {
    this.startWallMs = null;
    this.pendingRef = null;
    this.following = null;
    const s = this.store.getState();
    s.reset({ kind: 'live', runId, scenario, driver: null });
    s.dispatch({ type: 'watch', runId });
  }

  /** Every server message, after the controller has handled it; returns the way to stop listening. */
  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends another client message over this page's connection (false when it is down). */
  send(message: ClientMessage): boolean {
    return this.connection.send(message);
  }

  get connected(): boolean {
    return this.connection.open;
  }

  cancel(): boolean {
    const runId = this.liveRunId();
    if (!runId || !canControlRun(this.store.getState().run)) return false;
    return this.connection.send({ type: 'cancel', runId });
  }

  input(pid: number, text: string): boolean {
    const runId = this.liveRunId();
    if (!runId || !canControlRun(this.store.getState().run)) return false;
    return this.connection.send({ type: 'input', runId, pid, text });
  }

  /** Stop following the live run (the page switched to a replay). */
  detach(): void {
    const runId = this.liveRunId();
    if (runId) this.connection.send({ type: 'unwatch', runId });
    this.following = null;
    this.pendingRef = null;
  }

  /** True while a run was asked for and the server has not answered. */
  get starting(): boolean {
    return this.pendingRef !== null;
  }

  /** The live run's clock (µs since its start), estimated from when its events arrived; it stands still unless events are arriving. */
  liveClock(nowMs: number): number {
    const { model, run } = this.store.getState();
    if (model.run.endedAt !== null) return model.run.endedAt;
    if (this.startWallMs === null || !liveClockRuns(run)) return model.now;
    return Math.max(model.now, (nowMs - this.startWallMs) * 1000);
  }

  close(): void {
    this.connection.close();
  }

  dropConnectionForTest(): void {
    this.connection.dropForTest();
  }

  private nextRef(kind: string): string {
    this.refCounter += 1;
    return `${kind}-${this.refCounter}`;
  }

  private liveRunId(): string | null {
    const { source } = this.store.getState();
    return source.kind === 'live' ? source.runId : null;
  }

  private handle(message: ServerMessage): void {
    const state = this.store.getState();
    switch (message.type) {
      case 'hello':
        // Nodes of a cluster share their runs: the same epoch on another node is the same place to resume.
        return this.hello(message.epoch ?? message.serverPid);
      case 'run.accepted': {
        if (message.ref !== this.pendingRef) return;
        this.pendingRef = null;
        this.startWallMs = null;
        const run = this.pendingRun;
        state.reset({ kind: 'live', runId: message.runId, scenario: run?.scenario ?? null, driver: run?.driver ?? null });
        state.dispatch({ type: 'run-accepted', runId: message.runId });
        this.following = { runId: message.runId, ref: message.ref ?? '' };
        // The server streams a run to the client that started it; should the first events have come
        // before this answer, the gap they leave is filled by a watch from receiveEvents' resume point.
        return;
      }
      case 'watching':
        state.dispatch({ type: 'role', runId: message.runId, role: message.role });
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
          state.dispatch({ type: 'run-refused' });
        }
        if (message.ref !== undefined && message.ref === this.following?.ref && message.code === 'ERR_UNKNOWN_RUN' && state.events.length === 0) {
          state.dispatch({ type: 'not-found', what: 'live', id: this.following.runId });
          this.following = null;
          return;
        }
        const error: ServerError = { code: message.code, message: message.message };
        if (message.field !== undefined) error.field = message.field;
        // The run this page follows was cut off (its worker stopped): it ends here, as a killed server's would.
        if (message.code === 'ERR_RUN_INTERRUPTED' && message.runId !== undefined && message.runId === this.liveRunId()) {
          state.dispatch({ type: 'outcome', status: 'interrupted', at: state.model.now });
          this.following = null;
        }
        this.hooks.onError(error);
        return;
      }
      default:
        return;
    }
  }

  /**
   * The server said hello: the first time, or after the connection came back (perhaps as another process).
   * `serverPid` is where live runs are kept: the process, or a cluster's epoch.
   */
  private hello(serverPid: number): void {
    const s = this.store.getState();
    const was = s.run.phase.kind;
    s.dispatch({ type: 'connection-open', serverPid });
    const now = this.store.getState().run.phase;
    const following = this.following;
    if (!following) return;
    if (now.kind === 'restarted') {
      void this.askRestartedServer(following.runId);
      return;
    }
    // The same server: the stream resumes exactly where this page stands.
    if (now.kind === 'live' || now.kind === 'ended') {
      this.connection.send({ type: 'watch', runId: following.runId, fromSeq: s.events.length, ownerKey: this.ownerKey, ref: following.ref });
    }
    if (was === 'lost' && now.kind === 'live') void this.askSameServer(following.runId);
  }

  private async askSameServer(runId: string): Promise<void> {
    const runs = await listRuns().catch(() => []);
    const entry = runs.find((r) => r.runId === runId);
    const going = entry?.status === 'running' || entry?.status === 'queued';
    this.hooks.onReconnect(going ? { kind: 'continues' } : { kind: 'ended-while-away' });
  }

  /** Another server process answers: the run's recording says how it ended, or where it was cut off. */
  private async askRestartedServer(runId: string): Promise<void> {
    // No recording (another data directory, say): the run is treated as cut off where this page saw it.
    const text = await recordingText(runId).catch(() => null);
    const s = this.store.getState();
    if (s.run.phase.kind !== 'restarted' || this.following?.runId !== runId) return;
    const parsed = text === null ? null : parseRecording(text);
    if (parsed?.ok) s.receiveEvents(parsed.events.filter((e) => e.seq >= s.events.length));
    const after = this.store.getState();
    this.following = null;
    if (after.run.phase.kind === 'ended') {
      const { status, at } = after.run.phase;
      this.hooks.onReconnect({ kind: 'server-restarted', status, at });
      return;
    }
    // No run.ended: the server stopped without ending the run (killed), and its recording ends there.
    after.dispatch({ type: 'outcome', status: 'interrupted', at: after.model.now });
    this.hooks.onReconnect({ kind: 'server-restarted', status: 'interrupted', at: after.model.now });
  }
}
