// The node driver: the registry, the launch it prepares, and the bundle cache.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleProgram, driverIds, getDriver } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-node-driver-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('driver registry', () => {
  it('knows node and rejects unknown ids with the list of known ones', () => {
    expect(getDriver('node').id).toBe('node');
    expect(driverIds()).toContain('node');
    expect(() => getDriver('ruby')).toThrow(expect.objectContaining({ code: 'ERR_DRIVER_UNKNOWN', message: expect.stringMatching(/^Driver "ruby" does not exist\. Use one of: "node"/) }));
  });

  it('is available here', async () => {
    expect(await getDriver('node').available()).toEqual({ ok: true });
  });
});

describe('node driver prepare()', () => {
  it('starts the bundle with this Node binary and passes params as FORKSCOPE_PARAMS, without NODE_EXTRA_CA_CERTS', async () => {
    const file = join(dir, 'hello.ts');
    writeFileSync(file, "export async function main(params: { who: string }): Promise<void> { console.log('hi', params.who); }\n");
    const launch = await getDriver('node').prepare({ file }, { who: 'bob' });
    expect(launch.argv).toHaveLength(2);
    expect(launch.argv[0]).toBe(process.execPath);
    expect(launch.argv[1]).toMatch(/\.mjs$/);
    expect(launch.env).toEqual({ FORKSCOPE_PARAMS: '{"who":"bob"}' });
    expect(readFileSync(launch.argv[1]!, 'utf8')).toContain("console.log(\"hi\", params.who)");
  });
});

describe('bundle cache', () => {
  it('reuses the bundle while every input is unchanged and rebuilds when an imported module changes', async () => {
    const helper = join(dir, 'helper.ts');
    const file = join(dir, 'uses-helper.ts');
    writeFileSync(helper, "export const greeting = 'one';\n");
    writeFileSync(file, "import { greeting } from './helper.js';\nexport async function main(): Promise<void> { console.log(greeting); }\n");
    const first = await bundleProgram(file);
    expect(await bundleProgram(file)).toBe(first);
    writeFileSync(helper, "export const greeting = 'two';\n");
    const second = await bundleProgram(file);
    expect(second).not.toBe(first);
    expect(readFileSync(second, 'utf8')).toContain('"two"');
    // the old bundle stays (a run in progress may still start children from it)
    expect(readFileSync(first, 'utf8')).toContain('"one"');
  });

  it('reports a missing program file', async () => {
    await expect(bundleProgram(join(dir, 'missing.ts'))).rejects.toMatchObject({
      code: 'ERR_PROGRAM_NOT_FOUND',
      message: expect.stringMatching(/^Program file ".*missing\.ts" cannot be read \(ENOENT/),
    });
  });

  it('reports a program that does not compile, with esbuild\'s message', async () => {
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export async function main( {\n');
    await expect(bundleProgram(file)).rejects.toMatchObject({
      code: 'ERR_PROGRAM_BUNDLE_FAILED',
      message: expect.stringContaining('broken.ts'),
    });
  });
});
