// The python driver: a scenario's Python program runs under real CPython; the tracing shim shipped in
// ../python/ (activated through sitecustomize on PYTHONPATH, so also in spawn and forkserver children)
// reports its processes on the same trace channel as the node driver.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgramDriver, ProgramLaunch } from './driver.js';
import { findExecutable } from '../find-executable.js';
import { applyPythonParams } from '../python/program-params.js';

export type PythonDriverErrorCode = 'ERR_PYTHON_UNAVAILABLE' | 'ERR_PROGRAM_NOT_FOUND';

export class PythonDriverError extends Error {
  readonly code: PythonDriverErrorCode;

  constructor(code: PythonDriverErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, 'name', { value: 'PythonDriverError', enumerable: false, configurable: true });
  }
}

/** Oldest CPython whose multiprocessing the shim hooks (os.waitstatus_to_exitcode, sys.orig_argv fallback). */
const MIN_VERSION: readonly [number, number] = [3, 9];

/** The folder holding sitecustomize.py and the forkscope_shim package (src/python, also from a dist build). */
export function shimDir(): string {
  const beside = fileURLToPath(new URL('../python/', import.meta.url));
  if (existsSync(join(beside, 'sitecustomize.py'))) return beside;
  return fileURLToPath(new URL('../../src/python/', import.meta.url));
}

/**
 * Which python to run: FORKSCOPE_PYTHON if set; else /usr/bin/python3 when present (a distribution's
 * interpreter starts fast, while a `python3` on PATH may be a slow version-manager shim); else python3 on PATH.
 */
export function resolvePython(env: NodeJS.ProcessEnv = process.env): { path: string } | { error: string } {
  const override = env.FORKSCOPE_PYTHON;
  if (override) {
    const found = findExecutable(override, env.PATH);
    return found ? { path: found } : { error: `FORKSCOPE_PYTHON is set to ${JSON.stringify(override)}, which is not an executable file` };
  }
  const found = findExecutable('/usr/bin/python3', undefined) ?? findExecutable('python3', env.PATH);
  return found ? { path: found } : { error: 'python3 was not found: neither /usr/bin/python3 nor python3 on PATH exists. Install CPython 3.9 or newer, or set FORKSCOPE_PYTHON to its path' };
}


type Availability = { ok: true; python: string; version: string } | { ok: false; reason: string };

const probes = new Map<string, Promise<Availability>>();

/** Runs the interpreter once to check that it is a CPython with multiprocessing that the shim supports. */
function probe(python: string): Promise<Availability> {
  let pending = probes.get(python);
  if (!pending) {
    const code = 'import sys, multiprocessing, json; print(json.dumps([sys.implementation.name, list(sys.version_info[:3]), sys.platform]))';
    pending = new Promise<Availability>((resolve) => {
      execFile(python, ['-I', '-c', code], { timeout: 15_000, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
        if (error) {
          resolve({ ok: false, reason: `${python} could not run (${(stderr.trim() || error.message).split('\n').pop()}); set FORKSCOPE_PYTHON to a working CPython 3.9+` });
          return;
        }
        try {
          const [impl, version, platform] = JSON.parse(stdout) as [string, number[], string];
          const [major = 0, minor = 0] = version;
          const shown = version.join('.');
          if (impl !== 'cpython') resolve({ ok: false, reason: `${python} is ${impl} ${shown}, not CPython: the shim hooks CPython's multiprocessing` });
          else if (platform !== 'linux') resolve({ ok: false, reason: `${python} runs on ${platform}; the python driver supports Linux only` });
          else if (major < (MIN_VERSION[0] as number) || (major === MIN_VERSION[0] && minor < (MIN_VERSION[1] as number))) {
            resolve({ ok: false, reason: `${python} is Python ${shown}; the python driver needs ${MIN_VERSION.join('.')} or newer` });
          } else resolve({ ok: true, python, version: shown });
        } catch {
          resolve({ ok: false, reason: `${python} printed ${JSON.stringify(stdout.slice(0, 200))} instead of its version` });
        }
      });
    });
    probes.set(python, pending);
  }
  return pending;
}

async function check(): Promise<Availability> {
  const resolved = resolvePython();
  if ('error' in resolved) return { ok: false, reason: resolved.error };
  return probe(resolved.path);
}

/** Where prepared programs are written: one folder per content hash, the program keeping its own file name. */
function programCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `forkscope-python-${uid}`);
}

/** Writes `source` under the cache (once per content) and returns its path. */
function materialize(source: string, name: string): string {
  const hash = createHash('sha256').update(name).update('\0').update(source).digest('hex').slice(0, 16);
  const dir = join(programCacheDir(), 'programs', hash);
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, source);
    renameSync(partial, file);
  }
  return file;
}

/** Names a program asks to see as process.var: `# forkscope-watch: n, @ppid` lines (see forkscope_shim/watch.py). */
export function watchedNames(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/^#\s*forkscope-watch:\s*(.+)$/gm)) {
    for (const name of (match[1] as string).split(',')) if (name.trim()) names.push(name.trim());
  }
  return names;
}

/**
 * The run parameters the shim itself acts on (see ../python/README.md), as plain variables: parsing
 * FORKSCOPE_PARAMS would cost the shim an import of json at every start.
 */
export function shimOptions(params: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  if (typeof params.buffering === 'string') env.FORKSCOPE_PY_BUFFERING = params.buffering;
  if (typeof params.startMethod === 'string') env.FORKSCOPE_PY_START_METHOD = params.startMethod;
  if (params.interactive === true) env.FORKSCOPE_PY_INTERACTIVE = '1';
  return env;
}

/** What every process of a Python run finds in its environment: the shim on PYTHONPATH, its options. */
function pythonEnv(source: string, params: Record<string, unknown>): Record<string, string> {
  const watched = watchedNames(source);
  return {
    PYTHONPATH: shimDir(),
    // The root marker is consumed by the shim, so only this process reports itself as MainProcess.
    FORKSCOPE_PY_ROOT: '1',
    PYTHONIOENCODING: 'utf-8',
    ...(watched.length > 0 ? { FORKSCOPE_PY_WATCH: watched.join(',') } : {}),
    ...shimOptions(params),
  };
}

export const pythonDriver: ProgramDriver & { version(): Promise<string | null> } = {
  id: 'python',

  async available() {
    const result = await check();
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  },

  /** The CPython version the driver would use, or null when unavailable. */
  async version() {
    const result = await check();
    return result.ok ? result.version : null;
  },

  async prepare(program: { file: string }, params: Record<string, unknown>): Promise<ProgramLaunch> {
    const result = await check();
    if (!result.ok) throw new PythonDriverError('ERR_PYTHON_UNAVAILABLE', `The python driver is unavailable: ${result.reason}`);
    let source: string;
    try {
      source = readFileSync(program.file, 'utf8');
    } catch (error) {
      throw new PythonDriverError('ERR_PROGRAM_NOT_FOUND', `Program file ${JSON.stringify(program.file)} cannot be read (${(error as Error).message})`, { cause: error });
    }
    const file = materialize(applyPythonParams(source, params), basename(program.file));
    return { argv: [result.python, file], env: pythonEnv(source, params), cwd: join(file, '..') };
  },

  /** An edited program runs as written: the `# param:` markers are not applied (its text is what runs). */
  async prepareSource(source: string, dir: string, name: string, params: Record<string, unknown>): Promise<ProgramLaunch> {
    const result = await check();
    if (!result.ok) throw new PythonDriverError('ERR_PYTHON_UNAVAILABLE', `The python driver is unavailable: ${result.reason}`);
    const file = join(dir, /^[\w.-]+\.py$/.test(name) ? name : 'program.py');
    writeFileSync(file, source, { mode: 0o644 });
    return { argv: [result.python, file], env: pythonEnv(source, params) };
  },
};
