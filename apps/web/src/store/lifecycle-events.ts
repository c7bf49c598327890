// Steps in a process's life (the replay's seek-bar ticks, steps and "pause at markers" stops): the
// protocol's one lifecycle set.
export { isLifecycleEvent } from '@forkscope/protocol';
