import type { ForkscopeEvent } from '@forkscope/protocol';

/** Event types that mark a step in a process's life: the replay's seek-bar ticks and "pause at markers" stops. */
const LIFECYCLE = new Set<ForkscopeEvent['type']>([
  'process.spawned',
  'process.joining',
  'process.joined',
  'process.terminating',
  'process.alive-checked',
  'process.main-ended',
  'process.daemon-killed',
  'process.error',
  'process.exited',
  'process.reparented',
  'run.ended',
]);

export function isLifecycleEvent(event: ForkscopeEvent): boolean {
  return LIFECYCLE.has(event.type);
}
