// Bundles a program module with core's program runtime into one ESM file, cached by content hash.
//
// Cache: $FORKSCOPE_CACHE_DIR, else <os tmpdir>/forkscope-bundles-<uid>. Per program path a manifest
// lists every input file of the last bundle with its SHA-256; the bundle is reused while all of them
// hash the same (the program, the local modules it imports, core's runtime). Bundles are named by the
// hash of their own content and never rewritten, so a run in progress keeps its file.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import type { Loader, Plugin } from 'esbuild';
import { ProcessError } from '@forkscope/core';
import { bundleFailure, coreFile, PROGRAM_BUILD_OPTIONS, PROGRAM_ENTRY, PROTOCOL_IMPORT, protocolModule } from './bundled-packages.js';

/** Bumped whenever the bundle's shape changes, so that old cache entries are not reused. */
const BUNDLE_FORMAT = 4;

interface Manifest {
  format: number;
  esbuild: string;
  bundle: string;
  inputs: Record<string, string>;
}

const pending = new Map<string, Promise<string>>();

/** The path of an up-to-date bundle of `file` (building it when the cache has none). */
export function bundleProgram(file: string): Promise<string> {
  const program = resolve(file);
  let job = pending.get(program);
  if (!job) {
    job = cachedOrBuilt(program).finally(() => pending.delete(program));
    pending.set(program, job);
  }
  return job;
}

/** Where bundles are kept. */
export function bundleCacheDir(): string {
  return process.env.FORKSCOPE_CACHE_DIR || join(tmpdir(), `forkscope-bundles-${userInfo().uid}`);
}

async function cachedOrBuilt(program: string): Promise<string> {
  try {
    if (!(await stat(program)).isFile()) throw new Error('not a regular file');
  } catch (error) {
    throw new ProcessError('ERR_PROGRAM_NOT_FOUND', { file: program, reason: (error as Error).message }, { cause: error });
  }
  const esbuild = await import('esbuild');
  const dir = bundleCacheDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // One manifest per program and Node major (the bundle's syntax target).
  const manifestFile = join(dir, `${sha256(`${program}\0${BUNDLE_FORMAT}\0${process.versions.node.split('.')[0]}`).slice(0, 32)}.json`);
  const cached = await readManifest(manifestFile);
  if (cached && cached.esbuild === esbuild.version && (await inputsUnchanged(cached.inputs))) {
    const bundle = join(dir, cached.bundle);
    if (await exists(bundle)) return bundle;
  }
  return build(esbuild, program, dir, manifestFile);
}

async function build(esbuild: typeof import('esbuild'), program: string, dir: string, manifestFile: string): Promise<string> {
  let result;
  try {
    result = await esbuild.build({
      ...PROGRAM_BUILD_OPTIONS,
      stdin: { contents: PROGRAM_ENTRY, sourcefile: '<forkscope-entry>', resolveDir: dirname(program), loader: 'js' },
      absWorkingDir: '/',
      // Not written (write: false); it places the bundle so that source-map paths resolve from the cache.
      outfile: join(dir, 'bundle.mjs'),
      metafile: true,
      plugins: [programPlugin(program)],
    });
  } catch (error) {
    throw await bundleFailure(esbuild, error, program);
  }
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  if (!output || !map) throw new ProcessError('ERR_PROGRAM_BUNDLE_FAILED', { file: program, reason: 'esbuild produced no output' });
  const bundleName = `${sha256(output.text).slice(0, 32)}.mjs`;
  const bundle = join(dir, bundleName);
  if (!(await exists(bundle))) {
    await writeAtomically(`${bundle}.map`, map.contents);
    await writeAtomically(bundle, output.contents);
  }
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve('/', input);
    if (input.endsWith('<forkscope-entry>')) continue; // the generated entry
    inputs[path] = sha256(await readFile(path));
  }
  const manifest: Manifest = { format: BUNDLE_FORMAT, esbuild: esbuild.version, bundle: bundleName, inputs };
  await writeAtomically(manifestFile, JSON.stringify(manifest));
  return bundle;
}

/**
 * Resolves the entry's `forkscope:program` and the program's imports of '@forkscope/core' to core's
 * program API, and makes the program module register its own export namespace as its first statement
 * (on its first line, so line numbers in stack traces stay those of the source).
 */
function programPlugin(program: string): Plugin {
  return {
    name: 'forkscope-program',
    setup(build) {
      build.onResolve({ filter: /^forkscope:program$/ }, () => ({ path: program }));
      build.onResolve({ filter: /^@forkscope\/core$/ }, () => ({ path: coreFile('program-api') }));
      build.onResolve({ filter: PROTOCOL_IMPORT }, (args) => protocolModule(args.path));
      build.onLoad({ filter: /.*/ }, async (args) => {
        if (args.path !== program) return undefined;
        const source = await readFile(program, 'utf8');
        const register =
          `import * as __forkscopeSelf from ${JSON.stringify(program)}; ` +
          `import { registerProgram as __forkscopeRegister } from ${JSON.stringify(coreFile('runtime/program-registry'))}; ` +
          `__forkscopeRegister(__forkscopeSelf); `;
        return { contents: register + source.replace(/^#!.*/, ''), loader: loaderFor(program), resolveDir: dirname(program) };
      });
    },
  };
}

function loaderFor(file: string): Loader {
  const ext = extname(file);
  if (ext === '.tsx') return 'tsx';
  if (ext === '.jsx') return 'jsx';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'js';
  return 'ts';
}

async function readManifest(file: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    return manifest.format === BUNDLE_FORMAT ? manifest : null;
  } catch {
    return null;
  }
}

async function inputsUnchanged(inputs: Record<string, string>): Promise<boolean> {
  for (const [path, hash] of Object.entries(inputs)) {
    try {
      if (sha256(await readFile(path)) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function writeAtomically(file: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, contents, { mode: 0o600 });
  await rename(temp, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
