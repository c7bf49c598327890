// What this OS process knows about itself: whether it is a run's root or a child, the Process object
// that represents it, its parent, its own children and its construction counter (reset in every child,
// as CPython's `_process_counter`).
import type { Process } from '../process.js';

export interface ParentInfo {
  readonly pid: number;
  readonly name: string;
}

export interface ProcessContext {
  role: 'root' | 'child';
  /** True while a child loads the program module (its top-level code): start() is forbidden then. */
  bootstrapping: boolean;
  /** The object currentProcess() returns. Set by the runtime (or lazily, outside a program). */
  current: Process | null;
  parent: ParentInfo | null;
  /** The next number a Process construction takes (CPython `_process_counter`). */
  counter: number;
  /** Started children whose exit this process has not yet seen. */
  readonly children: Set<Process>;
  /** The authentication key of this process (children inherit it). */
  authkey: Uint8Array | null;
  /** The file a child runs (the program bundle); null outside a forkscope program. */
  entryFile: string | null;
}

export const context: ProcessContext = {
  role: 'root',
  bootstrapping: false,
  current: null,
  parent: null,
  counter: 1,
  children: new Set(),
  authkey: null,
  entryFile: null,
};

/** This process's authkey: 32 random bytes, made on first use in the root and inherited by children. */
export function currentAuthkey(): Uint8Array {
  context.authkey ??= crypto.getRandomValues(new Uint8Array(32));
  return context.authkey;
}
