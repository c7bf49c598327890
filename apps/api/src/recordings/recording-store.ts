// The recordings on disk: `<data dir>/runs/<runId>.ndjson`, one per run, listed newest first.
//
// Listing reads each file's first line (the header) and its last complete line (run.ended, or the last
// event of an interrupted run), never the whole file. Reading a whole recording goes through the
// protocol's parser (events/recording.ts), which bounds every line before it walks it.
import { open, readFile, stat } from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { isRunId, parseBoundedJson, parseRecording, RECORDING_LINE_LIMITS, RUN_ID_PATTERN, validateEvent, validateRecordingHeader } from '@forkscope/protocol';
import type { ForkscopeEvent, RecordingHeader, RunListStatus, RunSummary } from '@forkscope/protocol';
import { ensureRecordingDir } from './data-dir.js';
import { createRecordingWriter, type RecordingWriter } from './recording-writer.js';
import { recordingFiles } from './retention.js';

/** A recording's status: a final status, or `running` / `interrupted` without run.ended. */
export type RecordingStatus = Exclude<RunListStatus, 'queued'>;

export interface RecordingSummary extends RunSummary {
  status: RecordingStatus;
}

export interface Recording {
  header: RecordingHeader;
  events: ForkscopeEvent[];
}

export interface RecordingStore {
  /** The folder that holds the recordings. */
  readonly dir: string;
  /** Where the recording of `runId` lives (whether or not it exists yet). Throws on an unsafe id. */
  fileFor(runId: string): string;
  /** Starts the recording of a run: the folder is made (0700) when missing, the file is new and 0600. */
  createWriter(runId: string, header: RecordingHeader): RecordingWriter;
  list(): Promise<RecordingSummary[]>;
  /** The raw NDJSON, or null when there is no such recording. */
  openStream(runId: string): Promise<ReadStream | null>;
  /**
   * Header and events, or null when there is no such recording. Events of unknown types are left out and
   * so is a last line cut off mid-write; anything else wrong throws ERR_BAD_RECORDING naming the line.
   */
  read(runId: string): Promise<Recording | null>;
}

const TAIL_BYTES = 64 * 1024;

/** Whether `runId` can name a recording (letters, digits, `-`, `_`; no path). */
export const isValidRunId = isRunId;

/** The recording file of `runId` under `dataDir`. */
export function recordingFile(dataDir: string, runId: string): string {
  if (!isValidRunId(runId)) {
    throw new TypeError(`Expected the run id to match /${RUN_ID_PATTERN}/, got \`${String(runId).slice(0, 200)}\``);
  }
  return join(dataDir, 'runs', `${runId}.ndjson`);
}

export function createRecordingStore(dataDir: string): RecordingStore {
  const dir = join(dataDir, 'runs');
  const fileFor = (runId: string): string => recordingFile(dataDir, runId);
  let prepared = false;
  const summaries = new Map<string, { modifiedMs: number; bytes: number; summary: RecordingSummary | null }>();

  return {
    dir,
    fileFor,
    createWriter(runId, header) {
      if (!prepared) {
        ensureRecordingDir(dataDir);
        prepared = true;
      }
      return createRecordingWriter(fileFor(runId), header);
    },
    async list() {
      const files = await recordingFiles(dir);
      // A summary is read once per version of its file: listing 2 000 recordings then costs 2 000 stats,
      // not 2 000 reads of their first and last 64 KiB on every request.
      const listed = await Promise.all(
        files.map(async (f) => {
          const known = summaries.get(f.runId);
          if (known && known.modifiedMs === f.modifiedMs && known.bytes === f.bytes) return known.summary;
          const summary = await summarize(f.file).catch(() => null);
          summaries.set(f.runId, { modifiedMs: f.modifiedMs, bytes: f.bytes, summary });
          return summary;
        }),
      );
      const present = new Set(files.map((f) => f.runId));
      for (const runId of summaries.keys()) if (!present.has(runId)) summaries.delete(runId);
      return listed
        .filter((s): s is RecordingSummary => s !== null)
        .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    },
    async openStream(runId) {
      if (!isValidRunId(runId)) return null;
      const file = fileFor(runId);
      try {
        if (!(await stat(file)).isFile()) return null;
      } catch {
        return null;
      }
      return createReadStream(file);
    },
    async read(runId) {
      if (!isValidRunId(runId)) return null;
      let text: string;
      try {
        text = await readFile(fileFor(runId), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const parsed = parseRecording(text);
      if (!parsed.ok) throw badRecording(`Recording of run "${runId}" is damaged: ${parsed.message}`);
      return { header: parsed.header, events: parsed.events };
    },
  };
}

function badRecording(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_BAD_RECORDING' });
}

function parseHeader(line: string): RecordingHeader {
  const checked = validateRecordingHeader(parseLine(line));
  if (!checked.ok) throw badRecording(`Recording header is not a forkscope recording header: ${checked.message}`);
  return checked.header;
}

function parseLine(line: string): Record<string, unknown> | null {
  const parsed = parseBoundedJson(line, RECORDING_LINE_LIMITS);
  if (!parsed.ok) return null;
  const value = parsed.value;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

async function summarize(file: string): Promise<RecordingSummary> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const headBuffer = Buffer.alloc(Math.min(size, TAIL_BYTES));
    await handle.read(headBuffer, 0, headBuffer.length, 0);
    const head = headBuffer.toString('utf8');
    const newline = head.indexOf('\n');
    const header = parseHeader(newline === -1 ? head : head.slice(0, newline));

    const tailStart = Math.max(0, size - TAIL_BYTES);
    const tailBuffer = Buffer.alloc(size - tailStart);
    await handle.read(tailBuffer, 0, tailBuffer.length, tailStart);
    const tailLines = tailBuffer.toString('utf8').split('\n');
    let last: ForkscopeEvent | null = null;
    for (let i = tailLines.length - 1; i >= 0 && !last; i--) {
      const checked = validateEvent(parseLine(tailLines[i]!));
      if (checked.ok) last = checked.event;
    }
    return {
      runId: header.runId,
      scenario: header.scenario,
      driver: header.driver,
      params: header.params,
      startedAt: header.startedAt,
      durationMs: last ? Math.round(last.t / 1000) : null,
      status: last?.type === 'run.ended' ? last.status : 'interrupted',
      ...(header.edited ? { edited: true } : {}),
    };
  } finally {
    await handle.close();
  }
}
