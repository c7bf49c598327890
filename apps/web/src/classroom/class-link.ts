// The page's side of the classroom protocol, over the page's one connection (the run controller's): it
// opens, teaches or joins a class, and does so again whenever the server says hello (a reconnect, a
// restarted server); the server's class messages go through the class reducer into a small store.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClassView, ClientMessage, ServerMessage } from '@forkscope/protocol';
import type { RunController } from '../net/run-controller.js';
import { initialClassState, reduceClass, type ClassAction, type ClassState } from './class-state.js';
import { keepTeacherKey } from './class-keys.js';

export type ClassIntent =
  | { kind: 'create' }
  | { kind: 'teach'; code: string; teacherKey: string }
  | { kind: 'join'; code: string; studentKey: string; name: string | null };

export interface ClassLinkHooks {
  /** The server opened the class this page asked for. */
  onCreated?(code: string): void;
  /** Where a student's page stands in the teacher's run, so a rejoin sends only what it lacks. */
  resumePoint?(): { runId: string; fromSeq: number } | null;
}

export type ClassStore = StoreApi<ClassState>;

export class ClassLink {
  readonly store: ClassStore;
  private intent: ClassIntent | null = null;
  private readonly stop: () => void;

  constructor(
    private readonly controller: RunController,
    private readonly hooks: ClassLinkHooks = {},
    code: string | null = null,
  ) {
    this.store = createStore<ClassState>()(() => initialClassState(code));
    this.stop = controller.onMessage((m) => this.receive(m));
  }

  /** Open a class (this page is its teacher). */
  create(): void {
    this.intent = { kind: 'create' };
    this.dispatch({ type: 'joining', code: null });
    this.sendIntent();
  }

  teach(code: string, teacherKey: string): void {
    this.intent = { kind: 'teach', code, teacherKey };
    this.dispatch({ type: 'joining', code });
    this.sendIntent();
  }

  join(code: string, studentKey: string, name: string | null): void {
    this.intent = { kind: 'join', code, studentKey, name };
    this.dispatch({ type: 'joining', code });
    this.sendIntent();
  }

  leave(): void {
    this.intent = null;
    this.controller.send({ type: 'class.leave' });
  }

  sendView(view: ClassView): boolean {
    return this.store.getState().role === 'teacher' && this.controller.send({ type: 'class.view', view });
  }

  ask(scenario: string, questionId: string): void {
    this.controller.send({ type: 'class.question', action: 'open', scenario, questionId, ref: 'class' });
  }

  question(action: 'lock' | 'show-tallies' | 'hide-tallies' | 'close'): void {
    this.controller.send({ type: 'class.question', action, ref: 'class' });
  }

  answer(questionId: string, choice: string): void {
    this.controller.send({ type: 'class.answer', questionId, choice, ref: 'class' });
  }

  remove(studentId: string): void {
    this.controller.send({ type: 'class.remove', studentId, ref: 'class' });
  }

  end(): void {
    this.controller.send({ type: 'class.end', ref: 'class' });
  }

  /** A raw message on the page's connection (tests use it to try what the page never offers). */
  sendRaw(message: ClientMessage): boolean {
    return this.controller.send(message);
  }

  close(): void {
    this.stop();
  }

  private dispatch(action: ClassAction): void {
    this.store.setState(reduceClass(this.store.getState(), action), true);
  }

  private sendIntent(): void {
    const intent = this.intent;
    if (!intent || !this.controller.connected) return;
    if (intent.kind === 'create') this.controller.send({ type: 'class.create', ref: 'class' });
    else if (intent.kind === 'teach') this.controller.send({ type: 'class.teach', code: intent.code, teacherKey: intent.teacherKey, ref: 'class' });
    else {
      const have = this.hooks.resumePoint?.() ?? null;
      this.controller.send({
        type: 'class.join',
        code: intent.code,
        studentKey: intent.studentKey,
        ...(intent.name === null ? {} : { name: intent.name }),
        ...(have === null ? {} : { runId: have.runId, fromSeq: have.fromSeq }),
        ref: 'class',
      });
    }
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'hello') {
      // A new connection (or a restarted server): be in the class again.
      this.dispatch({ type: 'disconnected' });
      if (this.store.getState().phase === 'joining') this.sendIntent();
      return;
    }
    if (m.type === 'class.created') {
      keepTeacherKey(m.code, m.teacherKey);
      this.intent = { kind: 'teach', code: m.code, teacherKey: m.teacherKey };
      this.hooks.onCreated?.(m.code);
      return;
    }
    const joining = this.store.getState().phase === 'joining';
    if (m.type === 'class.ended' || (m.type === 'error' && m.ref === 'class' && (['ERR_UNKNOWN_CLASS', 'ERR_REMOVED', 'ERR_CLASS_FULL'].includes(m.code) || joining))) {
      // Ended, removed or refused (a join refused for any reason): nothing to rejoin after a reconnect.
      this.intent = null;
    }
    if (m.type.startsWith('class.') || m.type === 'error') this.dispatch({ type: 'server', message: m });
  }
}
