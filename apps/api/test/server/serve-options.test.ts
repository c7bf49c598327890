import { describe, expect, it, onTestFinished } from 'vitest';
import { parseServeOptions } from '../../src/server/serve-options.js';
import { startServer } from '../../src/server/start-server.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

describe('parseServeOptions', () => {
  it('defaults to 127.0.0.1:3000 and reads flags and environment', () => {
    expect(parseServeOptions([], {})).toEqual({ port: 3000, host: '127.0.0.1', allowedHosts: [], allowedOrigins: [] });
    expect(parseServeOptions(['--port', '0', '--host', '::1', '--data', 'd', '--allowed-origin', 'http://a.test', '--allowed-origin', 'http://b.test'], {})).toEqual({
      port: 0, host: '::1', dataDir: 'd', allowedHosts: [], allowedOrigins: ['http://a.test', 'http://b.test'],
    });
    expect(parseServeOptions([], { PORT: '8080', FORKSCOPE_TOKEN: 't'.repeat(32) })).toMatchObject({ port: 8080, token: 't'.repeat(32) });
  });
  it('names the bad flag and value', () => {
    expect(() => parseServeOptions(['--port', '99999'], {})).toThrow('Expected `--port` to be an integer from 0 to 65535, got `99999`');
    expect(() => parseServeOptions(['--prot', '1'], {})).toThrow(/Unknown option '--prot'/);
  });
});

describe('startServer', () => {
  it('prints a URL with a fresh token when bound beyond loopback, and every API call needs it', async () => {
    const { app, url } = await startServer(
      { port: 0, host: '0.0.0.0', allowedHosts: [], allowedOrigins: [] },
      { supervisor: createFakeSupervisor(), catalogue: createFakeCatalogue(), toChromeTrace: () => ({}), webDist: null, dataDir: 'unused' },
    );
    onTestFinished(() => app.close());
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{32})$/.exec(url);
    expect(match).not.toBeNull();
    const [, port, token] = match!;
    expect((await fetch(`http://127.0.0.1:${port}/api/runs`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/scenarios?token=${token}`)).status).toBe(200);
  });
});
