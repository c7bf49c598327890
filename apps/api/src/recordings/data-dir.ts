// One data directory, whatever starts the server and from wherever: `--data`, else FORKSCOPE_DATA, else
// `$XDG_DATA_HOME/forkscope` (`~/.local/share/forkscope`). Recordings live in its `runs/`, private to the
// server's user (0700; each file 0600).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `pnpm start` kept recordings before there was one data directory (its working directory's `data`). */
export const LEGACY_DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

/** `$XDG_DATA_HOME/forkscope`, or `~/.local/share/forkscope` (a relative XDG_DATA_HOME is ignored, as the spec says). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'forkscope');
}

/** The data folder: the explicit one, else FORKSCOPE_DATA, else the default. */
export function resolveDataDir(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit ?? (env.FORKSCOPE_DATA || defaultDataDir(env)));
}

/**
 * Creates `<dataDir>/runs` (and `dataDir`) as 0700, and narrows an existing `runs/` to 0700; folders above
 * `dataDir` (say ~/.local/share) are made with the usual mode. Returns `runs/`.
 */
export function ensureRecordingDir(dataDir: string): string {
  const runs = join(dataDir, 'runs');
  mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  if ((statSync(runs).mode & 0o077) !== 0) chmodSync(runs, 0o700);
  return runs;
}

/**
 * Moves the recordings of the old `apps/api/data/runs` into `dataDir`, once: each file that is not already
 * there, kept 0600; the old folders are removed when empty. Returns how many moved.
 */
export function moveLegacyRecordings(dataDir: string, legacyDir: string = LEGACY_DATA_DIR): number {
  const from = join(legacyDir, 'runs');
  if (resolve(legacyDir) === resolve(dataDir) || !existsSync(from)) return 0;
  const to = ensureRecordingDir(dataDir);
  let moved = 0;
  for (const name of readdirSync(from)) {
    if (!name.endsWith('.ndjson') || existsSync(join(to, name))) continue;
    const source = join(from, name);
    try {
      renameSync(source, join(to, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      copyFileSync(source, join(to, name));
      unlinkSync(source);
    }
    chmodSync(join(to, name), 0o600);
    moved++;
  }
  for (const dir of [from, legacyDir]) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty: something else lives there
    }
  }
  return moved;
}
