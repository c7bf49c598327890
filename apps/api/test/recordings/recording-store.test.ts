import { mkdtempSync, rmSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import {
  createRecordingHeader,
  createRecordingStore,
  createRecordingWriter,
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
    const a = createRecordingWriter(store.fileFor('a'), createRecordingHeader({
      runId: 'a', scenario: 'first', params: {}, driver: 'node', startedAt: new Date('2026-01-01T00:00:00Z'),
    }));
    a.append(output(0, 'x'));
    a.append(ended(1));
    await a.close();
    const b = createRecordingWriter(store.fileFor('b'), createRecordingHeader({
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
