// The packages a program is bundled with, found through the workspace's own resolution: their TypeScript
// sources when this file runs from source, their compiled JS when it runs from a build.
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessError } from '@forkscope/core';

const fromSource = extname(fileURLToPath(import.meta.url)) === '.ts';
const require = createRequire(import.meta.url);

export const packageFile = (pkg: string, path: string): string =>
  join(dirname(require.resolve(`${pkg}/package.json`)), fromSource ? 'src' : 'dist', `${path}${fromSource ? '.ts' : '.js'}`);

export const coreFile = (path: string): string => packageFile('@forkscope/core', path);

/**
 * The protocol's entries a child may import (core takes limits, helpers and the smaps_rollup parser; no
 * schema): the protocol, or one of its import-free subpaths.
 */
export const PROTOCOL_IMPORT = /^@forkscope\/protocol(\/(limits|smaps-rollup))?$/;

/** The protocol's file for an import PROTOCOL_IMPORT matched; it has no side effects, so a bundle keeps only what it uses. */
export function protocolModule(specifier: string): { path: string; sideEffects: false } {
  const subpath = specifier.split('/')[2] ?? 'index';
  return { path: packageFile('@forkscope/protocol', subpath), sideEffects: false };
}

/** Where every program bundle starts: core's runtime, which then imports the program (`forkscope:program`). */
export const PROGRAM_ENTRY = [
  `import { runProgram } from ${JSON.stringify(coreFile('runtime/run-program'))};`,
  `runProgram(import.meta.url, () => import("forkscope:program"));`,
].join('\n');

/** The esbuild options every program bundle shares, lesson or edited. */
export const PROGRAM_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  // Default process names come from class names (`MyProcess-1`): keep them through renaming.
  keepNames: true,
  // `<bundle>.map`, read only when an error is reported (runtime/source-mapped-stack.ts): Node's
  // --enable-source-maps would parse it at every process start.
  sourcemap: 'external',
  sourcesContent: false,
  write: false,
  logLevel: 'silent',
} as const satisfies import('esbuild').BuildOptions;

/** A failed build as the driver reports it: esbuild's own messages, one per line. */
export async function bundleFailure(esbuild: typeof import('esbuild'), error: unknown, file: string, color?: boolean): Promise<ProcessError> {
  const errors = (error as { errors?: import('esbuild').Message[] }).errors;
  const reason = errors ? (await esbuild.formatMessages(errors, { kind: 'error', ...(color === undefined ? {} : { color }) })).join('\n') : (error as Error).message;
  return new ProcessError('ERR_PROGRAM_BUNDLE_FAILED', { file, reason: reason.trim() }, { cause: error });
}
