// What a forkscope program imports from '@forkscope/core'. The node driver bundles exactly this (plus
// the runtime) into every program, so it must stay small and free of the driver and supervisor code.
export { Process, ParentProcess, currentProcess, parentProcess, activeChildren } from './process.js';
export type { ProcessOptions, ProcessTarget } from './process.js';
export { ProcessError } from './errors.js';
export type { ProcessErrorCode } from './errors.js';
export { exit, SystemExit } from './system-exit.js';
export type { ExitCode } from './system-exit.js';
export { sleep } from './sleep.js';
export { getpid, getppid } from './os-ids.js';
export { reportVar } from './report-var.js';
export { traceNet } from './net-trace.js';
export type { NetEventKind } from './net-trace.js';
export { input, inputLines } from './run-input.js';
export { isTracing } from './trace/trace-channel.js';
