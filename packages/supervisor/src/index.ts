// @forkscope/supervisor — starts runs in a containment unit, collects their events, guarantees cleanup;
// and the drivers that start a program's root process.
export { createSupervisor } from './supervisor.js';
export type { SupervisorInternals, SweepReport } from './supervisor.js';
export { SupervisorError } from './errors.js';
export type { SupervisorErrorCode } from './errors.js';
export { DEFAULT_LIMITS, MAX_LIMITS } from './limits.js';
export type {
  Containment,
  RunHandle,
  RunLimits,
  RunResult,
  RunStatus,
  StartRunOptions,
  Supervisor,
  SupervisorOptions,
} from './types.js';
export { getDriver, driverIds } from './drivers/index.js';
export type { ProgramDriver, ProgramLaunch } from './drivers/index.js';
export { nodeDriver, bundleProgram } from './drivers/node.js';
export { waitFor } from './wait-for.js';
