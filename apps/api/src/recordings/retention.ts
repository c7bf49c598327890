// Recordings are kept like logs: at most `maxRuns` files and `maxBytes` together, the oldest (by last
// write) removed first, never the file of a run that is still going. The defaults are sized for a school
// term: about 15 weeks of five lessons with twenty runs each is 1 500 runs, and a lesson's recording is
// 10–200 KB, so 2 000 runs or 1 GiB, whichever comes first, keeps a term and bounds the disk.
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface RetentionPolicy {
  /** Most recordings kept. */
  maxRuns: number;
  /** Most bytes all recordings take together. */
  maxBytes: number;
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({ maxRuns: 2000, maxBytes: 1024 ** 3 });

export interface RecordingFile {
  runId: string;
  file: string;
  bytes: number;
  modifiedMs: number;
}

export interface PruneResult {
  removed: RecordingFile[];
  kept: number;
  keptBytes: number;
}

const RUN_FILE = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.ndjson$/;

/** The recording files in `dir`, oldest first; [] when there is no such folder. */
export async function recordingFiles(dir: string): Promise<RecordingFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = await Promise.all(
    names.map(async (name): Promise<RecordingFile | null> => {
      const match = RUN_FILE.exec(name);
      if (!match) return null;
      const file = join(dir, name);
      try {
        const s = await stat(file);
        return s.isFile() ? { runId: match[1]!, file, bytes: s.size, modifiedMs: s.mtimeMs } : null;
      } catch {
        return null; // removed meanwhile
      }
    }),
  );
  return files.filter((f): f is RecordingFile => f !== null).sort((a, b) => a.modifiedMs - b.modifiedMs || (a.runId < b.runId ? -1 : 1));
}

/** Removes the oldest recordings until `policy` holds, skipping those `isLive` names. */
export async function pruneRecordings(dir: string, policy: RetentionPolicy, isLive: (runId: string) => boolean = () => false): Promise<PruneResult> {
  const files = await recordingFiles(dir);
  let count = files.length;
  let bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const removed: RecordingFile[] = [];
  for (const f of files) {
    if (count <= policy.maxRuns && bytes <= policy.maxBytes) break;
    if (isLive(f.runId)) continue;
    try {
      await unlink(f.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    removed.push(f);
    count--;
    bytes -= f.bytes;
  }
  return { removed, kept: count, keptBytes: bytes };
}

/** Runs prune requests one at a time: a request while one runs makes exactly one more run after it. */
export function createPruner(run: () => Promise<unknown>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      await run().catch(onError);
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}
