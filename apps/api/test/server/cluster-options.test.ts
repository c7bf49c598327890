// The options of the two roles: `serve --redis URL` and `worker`. Every mistake is one line that names the
// flag and the value, and a Redis password never appears in it (fuzzed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServeOptions, ServeUsageError } from '../../src/server/serve-options.js';
import { parseWorkerOptions, WorkerUsageError } from '../../src/server/worker-options.js';

describe('serve --redis', () => {
  it('is read from the flag or FORKSCOPE_REDIS, and absent by default (one process, as before)', () => {
    expect(parseServeOptions([], {}).redis).toBeUndefined();
    expect(parseServeOptions(['--redis', 'redis://10.0.0.5:6379'], {}).redis).toBe('redis://10.0.0.5:6379');
    expect(parseServeOptions([], { FORKSCOPE_REDIS: 'rediss://u:p@cache.internal:6380/2' }).redis).toBe('rediss://u:p@cache.internal:6380/2');
  });

  it.each([
    ['localhost:6379', 'Expected `--redis` to start with redis:// (or rediss:// for TLS), got `localhost:6379`'],
    ['http://h:1', 'Expected `--redis` to start with redis:// (or rediss:// for TLS), got `http://h:1`'],
    ['redis://:hunter2@h:1/a/b', 'Expected the path of `--redis` to be a database number such as /0, got `redis://***@h:1/a/b`'],
    ['not a url', 'Expected `--redis` to be a URL such as redis://10.0.0.5:6379, got `not a url`'],
  ])('refuses %s in one line', (url, message) => {
    expect(() => parseServeOptions(['--redis', url], {})).toThrow(new ServeUsageError(message));
  });
});

describe('parseWorkerOptions', () => {
  it('needs a Redis, and reads the rest from flags or the environment', () => {
    expect(() => parseWorkerOptions([], {})).toThrow(/^Expected `--redis` \(or FORKSCOPE_REDIS\)/);
    expect(parseWorkerOptions(['--redis', 'redis://r:6379'], {})).toEqual({ redis: 'redis://r:6379', capacity: 4, healthHost: '127.0.0.1' });
    expect(
      parseWorkerOptions(['--capacity', '8', '--data', '/shared', '--name', 'w-1.a', '--health-port', '3001', '--health-host', '0.0.0.0', '--keep-runs', '10'], {
        FORKSCOPE_REDIS: 'redis://r:6379',
      }),
    ).toEqual({ redis: 'redis://r:6379', capacity: 8, dataDir: '/shared', name: 'w-1.a', healthPort: 3001, healthHost: '0.0.0.0', retention: { maxRuns: 10 } });
    expect(
      parseWorkerOptions([], { FORKSCOPE_REDIS: 'redis://r', FORKSCOPE_CAPACITY: '2', FORKSCOPE_WORKER_NAME: 'pod-7', FORKSCOPE_HEALTH_PORT: '0', FORKSCOPE_KEEP_BYTES: '1GiB' }),
    ).toMatchObject({ capacity: 2, name: 'pod-7', healthPort: 0, retention: { maxBytes: 1024 ** 3 } });
  });

  it.each([
    [['--capacity', '65'], 'Expected `--capacity` to be a whole number from 1 to 64, got `65`'],
    [['--capacity', '1.5'], 'Expected `--capacity` to be a whole number from 1 to 64, got `1.5`'],
    [['--name', 'a b'], 'Expected `--name` to be 1–64 letters, digits, `.`, `_` or `-`, got `a b`'],
    [['--health-port', '70000'], 'Expected `--health-port` to be an integer from 0 to 65535, got `70000`'],
    [['--keep-bytes', 'lots'], 'Expected `--keep-bytes` to be a size such as 500MB or 1GiB, got `lots`'],
    [['--bogus'], "Unknown option '--bogus'; see `forkscope worker --help`"],
  ])('%j → one line naming the flag and the value', (argv, message) => {
    expect(() => parseWorkerOptions(['--redis', 'redis://r', ...argv], {})).toThrow(new WorkerUsageError(message));
  });

  it('answers any arguments with options or a one-line usage error that never shows a password', () => {
    const secret = 'S3cretPassw0rd';
    const token = fc.oneof(
      fc.constantFrom('--redis', '--capacity', '--data', '--name', '--health-port', '--health-host', '--keep-runs', '--keep-bytes', '--x'),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(`redis://u:${secret}@h:1`, `redis://u:${secret}@h:1/x`, `redis//u:${secret}@h`, `http://u:${secret}@h`),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        try {
          parseWorkerOptions(argv, {});
        } catch (error) {
          expect(error).toBeInstanceOf(WorkerUsageError);
          expect((error as Error).message).not.toContain('\n');
          expect((error as Error).message).not.toContain(secret);
        }
      }),
      // Found by this property: a Redis URL given to another flag was quoted with its password.
      { numRuns: 300, examples: [[['--keep-bytes', `redis://u:${secret}@h:1`, '--redis', `redis://u:${secret}@h:1`]]] },
    );
  });
});
