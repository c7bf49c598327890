import { describe, expect, it, onTestFinished } from 'vitest';
import { parseServeOptions } from '../../src/server/serve-options.js';
import { startServer } from '../../src/server/start-server.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

describe('parseServeOptions', () => {
  it('defaults to 127.0.0.1:3000 and reads flags and environment', () => {
    expect(parseServeOptions([], {})).toEqual({ port: 3000, host: '127.0.0.1', allowedHosts: [], allowedOrigins: [], allowEdits: false });
    expect(parseServeOptions(['--host', '0.0.0.0', '--allow-edits'], {})).toMatchObject({ host: '0.0.0.0', allowEdits: true });
    expect(parseServeOptions(['--port', '0', '--host', '::1', '--data', 'd', '--allowed-origin', 'http://a.test', '--allowed-origin', 'http://b.test'], {})).toEqual({
      port: 0, host: '::1', dataDir: 'd', allowedHosts: [], allowedOrigins: ['http://a.test', 'http://b.test'], allowEdits: false,
    });
    expect(parseServeOptions([], { PORT: '8080', FORKSCOPE_TOKEN: 't'.repeat(32) })).toMatchObject({ port: 8080, token: 't'.repeat(32) });
  });
  it('names the bad flag and value, in one line', () => {
    expect(() => parseServeOptions(['--port', '99999'], {})).toThrow('Expected `--port` to be an integer from 0 to 65535, got `99999`');
    expect(() => parseServeOptions(['--prot', '1'], {})).toThrow(/Unknown option '--prot'/);
    expect(() => parseServeOptions(['--token', 'short'], {})).toThrow('Expected `--token` to be at least 16 characters, got 5; leave it out to have one generated');
    expect(() => parseServeOptions(['--allowed-origin', 'file:///x'], {})).toThrow('Expected `--allowed-origin` to be an origin such as http://10.0.0.5:5173, got `file:///x`');
    expect(() => parseServeOptions(['--keep-bytes', 'lots'], {})).toThrow('Expected `--keep-bytes` to be a size such as 500MB or 1GiB, got `lots`');
    for (const argv of [['--prot', '1'], ['--token', 'x'], ['--port', 'a\nb']]) {
      try {
        parseServeOptions(argv, {});
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });

  it('reads the retention from flags or the environment', () => {
    expect(parseServeOptions(['--keep-runs', '10', '--keep-bytes', '500MB'], {}).retention).toEqual({ maxRuns: 10, maxBytes: 500e6 });
    expect(parseServeOptions([], { FORKSCOPE_KEEP_RUNS: '7', FORKSCOPE_KEEP_BYTES: '1GiB' }).retention).toEqual({ maxRuns: 7, maxBytes: 1024 ** 3 });
    expect(parseServeOptions([], {}).retention).toBeUndefined();
  });

  it('reads the class idle time and size from flags or the environment, each mistake in one line', () => {
    expect(parseServeOptions(['--class-idle', '5', '--class-size', '40'], {})).toMatchObject({ classIdleMs: 300_000, classSize: 40 });
    expect(parseServeOptions([], { FORKSCOPE_CLASS_IDLE: '0.5', FORKSCOPE_CLASS_SIZE: '600' })).toMatchObject({ classIdleMs: 30_000, classSize: 600 });
    expect(parseServeOptions([], {})).not.toHaveProperty('classIdleMs');
    expect(() => parseServeOptions(['--class-idle', '0'], {})).toThrow('Expected `--class-idle` to be minutes, more than 0 and at most 1440, got `0`');
    expect(() => parseServeOptions(['--class-size', 'many'], {})).toThrow('Expected `--class-size` to be a whole number of students from 1 to 10000, got `many`');
  });
});

describe('startServer', () => {
  it('prints a URL with a fresh token when bound beyond loopback, and every API call needs it', async () => {
    const { app, url } = await startServer(
      { port: 0, host: '0.0.0.0', allowedHosts: [], allowedOrigins: [], allowEdits: false },
      { supervisor: createFakeSupervisor(), catalogue: createFakeCatalogue(), toChromeTrace: () => ({}), webDist: null, dataDir: 'unused' },
    );
    onTestFinished(() => app.close());
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{32})$/.exec(url);
    expect(match).not.toBeNull();
    const [, port, token] = match!;
    expect(Number(port)).toBe((app.server.address() as { port: number }).port);
    expect((await app.inject({ url: '/api/runs' })).statusCode).toBe(401);
    expect((await app.inject({ url: `/api/scenarios?token=${token}` })).statusCode).toBe(200);
  });
});
