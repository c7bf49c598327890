// @forkscope/api — the server (buildApp, startServer) and the recordings it and the CLI write.
export { buildApp, type AppOptions, type ForkscopeContext } from './app.js';
export { startServer, closeOnSignals, ServeError, type RunningServer } from './server/start-server.js';
export { serve, type ServeIo } from './server/serve.js';
export { parseServeOptions, ServeUsageError, SERVE_USAGE, type ServeOptions } from './server/serve-options.js';
export * from './recordings/index.js';
