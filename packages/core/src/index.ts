// @forkscope/core: Python's multiprocessing.Process on real OS processes, traced live, and the drivers
// that start a program's root process. The event protocol is `@forkscope/core/events`; the run
// supervisor is `@forkscope/core/supervisor`.
export * from './program-api.js';
export { getDriver, driverIds } from './drivers/index.js';
export type { Driver, DriverId, ProgramLaunch } from './drivers/index.js';
export { nodeDriver, bundleProgram } from './drivers/node.js';
