// Rewrites the bundle positions in an error's stack into the program's own files and lines, using the
// bundle's `.map` file. Done only when an error is reported, so that starting a process never pays for
// source maps (Node's --enable-source-maps parses them at every start).
import type { SourceMapPayload, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { context } from './process-context.js';

let cached: { bundle: string; map: SourceMap | null } | null = null;

function sourceMap(bundle: string): SourceMap | null {
  if (cached?.bundle !== bundle) {
    let map: SourceMap | null = null;
    try {
      const { readFileSync } = process.getBuiltinModule('node:fs');
      const { SourceMap } = process.getBuiltinModule('node:module');
      map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      // no map (deleted cache): keep bundle positions
    }
    cached = { bundle, map };
  }
  return cached.map;
}

const frame = /(file:\/\/[^\s()]+|\/[^\s():]+):(\d+):(\d+)/g;

/** `text` with every position inside this process's bundle replaced by its source position. */
export function sourceMappedStack(text: string): string {
  const bundle = context.entryFile;
  if (bundle === null) return text;
  const bundleUrl = pathToFileURL(bundle).href;
  return text.replace(frame, (match: string, file: string, line: string, column: string) => {
    if (file !== bundle && file !== bundleUrl) return match;
    const map = sourceMap(bundle);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1) as
      | { originalSource?: string; originalLine?: number; originalColumn?: number }
      | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return match;
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    const path = isAbsolute(source) ? source : resolve(dirname(bundle), source);
    return `${path}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
