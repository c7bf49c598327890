// Finds an executable the way exec would: a path containing "/" as given, a bare name on each absolute
// PATH entry in turn.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first executable file `file` names, or null when there is none. */
export function findExecutable(file: string, pathVar: string | undefined): string | null {
  const candidates = file.includes('/') ? [file] : (pathVar ?? '').split(delimiter).filter(isAbsolute).map((dir) => join(dir, file));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // the next candidate
    }
  }
  return null;
}
