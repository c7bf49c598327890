import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import {
  createRecordingHeader,
  createRecordingStore,
  createRecordingWriter,
  defaultDataDir,
  ensureRecordingDir,
  moveLegacyRecordings,
  pruneRecordings,
  recordingFile,
  resolveDataDir,
} from '../../src/recordings/index.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-rec-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const output = (seq: number, text: string): ForkscopeEvent => ({ seq, t: seq * 1000, pid: 10, type: 'process.output', stream: 'stdout', text });
const ended = (seq: number): ForkscopeEvent => ({
  seq, t: seq * 1000, pid: 10, type: 'run.ended', status: 'completed', reason: null, exitCode: 0, leftovers: 0,
});

describe('createRecordingWriter', () => {
  it('writes the header at once and every appended event as one line, in order', async () => {
    const data = tempDir();
    ensureRecordingDir(data);
    const file = recordingFile(data, 'r1');
    const header = createRecordingHeader({ runId: 'r1', scenario: 'demo', params: { n: 1 }, driver: 'node' });
    const writer = createRecordingWriter(file, header);
    expect(JSON.parse(readFileSync(file, 'utf8').trim())).toEqual(header);
    for (let i = 0; i < 500; i++) writer.append(output(i, `line ${i}`));
    await writer.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(501);
    expect(lines.slice(1).map((l) => (JSON.parse(l) as ForkscopeEvent).seq)).toEqual([...Array(500).keys()]);
  });

  it('rejects a second close and ignores appends after close', async () => {
    const file = join(tempDir(), 'x.ndjson');
    const writer = createRecordingWriter(file, createRecordingHeader({ runId: 'x', scenario: null, params: {}, driver: 'node' }));
    await writer.close();
    writer.append(output(0, 'late'));
    await expect(writer.close()).rejects.toThrow(/already closed/);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('names the bad file argument', () => {
    expect(() => createRecordingWriter('', createRecordingHeader({ runId: 'x', scenario: null, params: {}, driver: 'node' }))).toThrow(
      /Expected the recording `file` to be a non-empty string, got ``/,
    );
  });
});

describe('createRecordingStore', () => {
  it('lists finished and interrupted runs with scenario, start, duration and status, newest first', async () => {
    const data = tempDir();
    const store = createRecordingStore(data);
    const a = store.createWriter('a', createRecordingHeader({
      runId: 'a', scenario: 'first', params: {}, driver: 'node', startedAt: new Date('2026-01-01T00:00:00Z'),
    }));
    a.append(output(0, 'x'));
    a.append(ended(1));
    await a.close();
    const b = store.createWriter('b', createRecordingHeader({
      runId: 'b', scenario: 'second', params: { k: true }, driver: 'python', startedAt: new Date('2026-01-02T00:00:00Z'),
    }));
    b.append(output(0, 'y'));
    b.append(output(1, 'z'));
    await b.close();
    // A run killed mid-write leaves a torn last line.
    appendFileSync(store.fileFor('b'), '{"seq":2,"t":');

    expect(await store.list()).toEqual([
      { runId: 'b', scenario: 'second', driver: 'python', params: { k: true }, startedAt: '2026-01-02T00:00:00.000Z', durationMs: 1, status: 'interrupted' },
      { runId: 'a', scenario: 'first', driver: 'node', params: {}, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, status: 'completed' },
    ]);
    const b2 = await store.read('b');
    expect(b2?.events.map((e) => e.seq)).toEqual([0, 1]);
  });

  it('returns an empty list without a data folder, and null for unknown or unsafe ids', async () => {
    const store = createRecordingStore(join(tempDir(), 'missing'));
    expect(await store.list()).toEqual([]);
    expect(await store.read('nope')).toBeNull();
    expect(await store.read('../etc/passwd')).toBeNull();
    expect(await store.openStream('..')).toBeNull();
    expect(() => store.fileFor('../x')).toThrow(/Expected the run id to match/);
  });

  it('takes the data folder from FORKSCOPE_DATA unless given', () => {
    const saved = process.env.FORKSCOPE_DATA;
    process.env.FORKSCOPE_DATA = '/tmp/elsewhere';
    try {
      expect(resolveDataDir()).toBe('/tmp/elsewhere');
      expect(resolveDataDir('/tmp/explicit')).toBe('/tmp/explicit');
    } finally {
      if (saved === undefined) delete process.env.FORKSCOPE_DATA;
      else process.env.FORKSCOPE_DATA = saved;
    }
  });
});

describe('where recordings live and who may read them', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('keeps them private: the folder 0700 (narrowed if it was wider), each file 0600, even one that existed', async () => {
    const data = tempDir();
    const store = createRecordingStore(data);
    const header = createRecordingHeader({ runId: 'p', scenario: null, params: {}, driver: 'node' });
    await store.createWriter('p', header).close();
    expect([mode(store.dir), mode(store.fileFor('p'))]).toEqual([0o700, 0o600]);

    const old = tempDir();
    mkdirSync(join(old, 'runs'), { mode: 0o755 });
    chmodSync(join(old, 'runs'), 0o755);
    writeFileSync(join(old, 'runs', 'q.ndjson'), '', { mode: 0o644 });
    const again = createRecordingStore(old);
    await again.createWriter('q', { ...header, runId: 'q' }).close();
    expect([mode(again.dir), mode(again.fileFor('q'))]).toEqual([0o700, 0o600]);
  });

  it('refuses to write into a folder that does not exist', () => {
    const header = createRecordingHeader({ runId: 'x', scenario: null, params: {}, driver: 'node' });
    expect(() => createRecordingWriter(join(tempDir(), 'no', 'such', 'x.ndjson'), header)).toThrow(/ENOENT/);
  });

  it('defaults to the XDG data home, whatever the working folder', () => {
    expect(defaultDataDir({}, '/home/ann')).toBe('/home/ann/.local/share/forkscope');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, '/home/ann')).toBe('/data/xdg/forkscope');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, '/home/ann')).toBe('/home/ann/.local/share/forkscope');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/data/xdg' })).toBe('/data/xdg/forkscope');
    expect(resolveDataDir(undefined, { FORKSCOPE_DATA: '/srv/fs', XDG_DATA_HOME: '/data/xdg' })).toBe('/srv/fs');
  });

  it('moves the recordings of the old apps/api/data once, and leaves the ones already moved', () => {
    const legacy = tempDir();
    const data = tempDir();
    mkdirSync(join(legacy, 'runs'));
    writeFileSync(join(legacy, 'runs', 'old-1.ndjson'), 'a\n', { mode: 0o644 });
    writeFileSync(join(legacy, 'runs', 'old-2.ndjson'), 'b\n');
    ensureRecordingDir(data);
    writeFileSync(join(data, 'runs', 'old-2.ndjson'), 'newer\n');
    expect(moveLegacyRecordings(data, legacy)).toBe(1);
    expect(readFileSync(join(data, 'runs', 'old-1.ndjson'), 'utf8')).toBe('a\n');
    expect(mode(join(data, 'runs', 'old-1.ndjson'))).toBe(0o600);
    expect(readFileSync(join(data, 'runs', 'old-2.ndjson'), 'utf8')).toBe('newer\n');
    expect(moveLegacyRecordings(data, legacy)).toBe(0);
  });
});

describe('pruneRecordings', () => {
  /** n recordings of `bytes` each, the i-th last written at second i. */
  function recordings(n: number, bytes: number): string {
    const data = tempDir();
    const dir = ensureRecordingDir(data);
    for (let i = 0; i < n; i++) {
      const file = join(dir, `r${i}.ndjson`);
      writeFileSync(file, 'x'.repeat(bytes));
      utimesSync(file, 1_000 + i, 1_000 + i);
    }
    return dir;
  }

  it('removes the oldest first until both the count and the bytes fit, never a live run', async () => {
    const dir = recordings(6, 100);
    const result = await pruneRecordings(dir, { maxRuns: 4, maxBytes: 1e9 }, (id) => id === 'r0');
    expect(result.removed.map((f) => f.runId)).toEqual(['r1', 'r2']);
    expect(result).toMatchObject({ kept: 4, keptBytes: 400 });
    const bytes = await pruneRecordings(dir, { maxRuns: 100, maxBytes: 250 }, (id) => id === 'r0');
    expect(bytes.removed.map((f) => f.runId)).toEqual(['r3', 'r4']);
    expect(bytes).toMatchObject({ kept: 2, keptBytes: 200 });
  });

  it('does nothing within the policy, or without a folder', async () => {
    expect((await pruneRecordings(recordings(3, 10), { maxRuns: 3, maxBytes: 30 })).removed).toEqual([]);
    expect(await pruneRecordings(join(tempDir(), 'none'), { maxRuns: 0, maxBytes: 0 })).toEqual({ removed: [], kept: 0, keptBytes: 0 });
  });
});
