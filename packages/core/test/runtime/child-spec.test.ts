import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeSpec, specEnv, takeChildSpec, type ChildSpec } from '../../src/runtime/child-spec.js';

const spec = (args: unknown[]): ChildSpec => ({
  v: 1,
  className: null,
  targetName: 'f',
  args,
  fields: {},
  name: 'Process-1',
  identity: [1],
  daemon: false,
  authkey: new Uint8Array(32).fill(7),
  parentPid: 1234,
  parentName: 'MainProcess',
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['FORKSCOPE_SPEC', 'FORKSCOPE_SPEC_FILE', 'FORKSCOPE_RUN_DIR']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('child spec', () => {
  it('travels in the environment as a structured clone (Map, Date, typed arrays, cycles) and leaves it', () => {
    const cyclic: Record<string, unknown> = { when: new Date(0), map: new Map([['k', 1]]) };
    cyclic.self = cyclic;
    Object.assign(process.env, specEnv(encodeSpec(spec([cyclic, 'bob']))));
    expect(process.env.FORKSCOPE_SPEC).toBeDefined();
    const received = takeChildSpec()!;
    expect(process.env.FORKSCOPE_SPEC).toBeUndefined();
    const [arg, name] = received.args as [Record<string, unknown>, string];
    expect(name).toBe('bob');
    expect(arg.self).toBe(arg);
    expect(arg.when).toEqual(new Date(0));
    expect(arg.map).toEqual(new Map([['k', 1]]));
    expect(received.authkey).toEqual(new Uint8Array(32).fill(7));
  });

  it('goes through a file in the run directory when too large for the environment, and deletes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-spec-test-'));
    try {
      process.env.FORKSCOPE_RUN_DIR = dir;
      const big = 'x'.repeat(200_000);
      const env = specEnv(encodeSpec(spec([big])));
      expect(Object.keys(env)).toEqual(['FORKSCOPE_SPEC_FILE']);
      const file = env.FORKSCOPE_SPEC_FILE!;
      expect(file.startsWith(dir)).toBe(true);
      Object.assign(process.env, env);
      expect(takeChildSpec()!.args).toEqual([big]);
      expect(existsSync(file)).toBe(false);
      expect(process.env.FORKSCOPE_SPEC_FILE).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses JSON for plain data and a v8 structured clone for everything JSON would change', () => {
    expect(encodeSpec(spec(['bob', { a: [1, null, true], b: { c: 'd' } }]))[0]).toBe('j');
    const shared = { x: 1 };
    // eslint-disable-next-line no-sparse-arrays -- a hole is one of the cases
    for (const arg of [undefined, NaN, Infinity, -0, 10n, new Date(0), new Map(), new Uint8Array(2), [, 1], { u: undefined }, [shared, shared], Object.create({ p: 1 })]) {
      expect(encodeSpec(spec([arg]))[0], String(arg)).toBe('v');
    }
    Object.assign(process.env, specEnv(encodeSpec(spec([[shared, shared], -0, undefined]))));
    const [pair, zero, missing] = takeChildSpec()!.args as [object[], number, undefined];
    expect(pair[0]).toBe(pair[1]);
    expect(Object.is(zero, -0)).toBe(true);
    expect(missing).toBeUndefined();
  });

  it('is absent in a root process', () => {
    delete process.env.FORKSCOPE_SPEC;
    delete process.env.FORKSCOPE_SPEC_FILE;
    expect(takeChildSpec()).toBeNull();
  });
});
