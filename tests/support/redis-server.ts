// The api package's redis-server for tests, shared rather than copied.
export * from '../../apps/api/test/support/redis-server.js';
