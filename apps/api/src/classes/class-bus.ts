// What one node of a cluster tells the others about a class it shares with them (cluster/redis-class-bus.ts
// carries it over Redis pub/sub). A signal is a hint plus, for the view and the question, the new state
// with its revision: every node then sends its own connections what the hub sends after that change
// itself. Signals may be lost (pub/sub delivers at most once); each node also reads the class's record
// every second and applies any newer revision, so a lost signal delays a change, never loses it.
import type { ClassEndReason, ClassView } from '@forkscope/protocol';
import type { QuestionRecord } from './class-store.js';

export type ClassSignal =
  | { k: 'view'; rev: number; view: ClassView }
  | { k: 'question'; rev: number; question: QuestionRecord | null }
  /** Students came, left or were removed: the number present and the roster. */
  | { k: 'presence' }
  /** Answers changed: how many answered, the tallies. */
  | { k: 'answers' }
  /** The teacher removed this student: their connections, wherever they are, are told. */
  | { k: 'removed'; studentId: string }
  | { k: 'ended'; reason: ClassEndReason };

export interface ClassBus {
  /** Hears the class's signals from the other nodes (never this node's own) until `unsubscribe`. */
  subscribe(code: string, listener: (signal: ClassSignal) => void): void;
  unsubscribe(code: string): void;
  /** Tells the other nodes; fire and forget (a failure is logged, the record catches them up). */
  publish(code: string, signal: ClassSignal): void;
}
