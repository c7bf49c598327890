import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pythonDriver, resolvePython, shimDir, watchedNames } from '../../src/drivers/python.js';
import { getDriver } from '../../src/drivers/index.js';

afterEach(() => vi.unstubAllEnvs());
const ok = (await pythonDriver.available()).ok;

describe('python driver', () => {
  it('is registered as "python"', () => {
    expect(getDriver('python')).toBe(pythonDriver);
  });

  it('prefers FORKSCOPE_PYTHON, and says so clearly when it is not an executable', () => {
    expect(resolvePython({ FORKSCOPE_PYTHON: '/nonexistent/python3', PATH: '' })).toEqual({
      error: 'FORKSCOPE_PYTHON is set to "/nonexistent/python3", which is not an executable file',
    });
  });

  it('reports itself unavailable with the reason when python3 is missing, and prepare() throws ERR_PYTHON_UNAVAILABLE', async () => {
    vi.stubEnv('FORKSCOPE_PYTHON', '/nonexistent/python3');
    await expect(pythonDriver.available()).resolves.toEqual({
      ok: false,
      reason: 'FORKSCOPE_PYTHON is set to "/nonexistent/python3", which is not an executable file',
    });
    await expect(pythonDriver.prepare({ file: 'x.py' }, {})).rejects.toMatchObject({
      code: 'ERR_PYTHON_UNAVAILABLE',
      message: 'The python driver is unavailable: FORKSCOPE_PYTHON is set to "/nonexistent/python3", which is not an executable file',
    });
  });

  it('rejects an interpreter that is not a working CPython', async () => {
    vi.stubEnv('FORKSCOPE_PYTHON', '/bin/false');
    const result = await pythonDriver.available();
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(/^\/bin\/false could not run/);
  });

  it.skipIf(!ok)('prepares a program: params applied to a copy with the same name, the shim on PYTHONPATH', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-py-'));
    const file = join(dir, 'first-child.py');
    writeFileSync(file, '# forkscope-watch: n\nimport time\ntime.sleep(1)  # param: mainSleep\n');
    const launch = await pythonDriver.prepare({ file }, { mainSleep: 0.5 });
    const [python, program] = launch.argv as [string, string];
    expect(program.endsWith('/first-child.py')).toBe(true);
    expect(readFileSync(program, 'utf8')).toBe('# forkscope-watch: n\nimport time\ntime.sleep(0.5)  # param: mainSleep\n');
    expect(launch.env).toMatchObject({ PYTHONPATH: shimDir(), FORKSCOPE_PY_ROOT: '1', FORKSCOPE_PY_WATCH: 'n' });
    // Untraced (no FORKSCOPE_RUN) the shim does nothing: the program runs as plain CPython.
    const plain = spawnSync(python, ['-c', 'import sys; print(type(sys.stdout).__name__, "forkscope_shim" in sys.modules)'], {
      env: { PYTHONPATH: launch.env.PYTHONPATH },
      encoding: 'utf8',
    });
    expect(plain.stdout).toBe('TextIOWrapper False\n');
    await expect(pythonDriver.prepare({ file: join(dir, 'missing.py') }, {})).rejects.toMatchObject({ code: 'ERR_PROGRAM_NOT_FOUND' });
  });

  it('reads "# forkscope-watch:" lines', () => {
    expect(watchedNames('# forkscope-watch: n, @ppid\nx = 1\n# forkscope-watch: m\n')).toEqual(['n', '@ppid', 'm']);
  });
});
