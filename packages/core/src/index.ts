// @forkscope/core: Python's multiprocessing.Process on real OS processes, traced live — what every
// process of a node-driver program bundles. The event protocol is `@forkscope/protocol`; the run
// supervisor and the drivers are `@forkscope/supervisor`.
export * from './program-api.js';
