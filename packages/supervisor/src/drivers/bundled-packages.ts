// The packages a program is bundled with, found through the workspace's own resolution: their TypeScript
// sources when this file runs from source, their compiled JS when it runs from a build.
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
