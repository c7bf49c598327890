// run.edited in the run manager: the policy decides, the program is checked, one edited run per owner (page or
// owner key), and the supervisor gets the text with only the parameters that are run options.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@forkscope/protocol';
import { createRecordingStore } from '../../src/recordings/recording-store.js';
import { createRunManager, editedRunParams, type EditPolicy, type RunClient } from '../../src/runs/run-manager.js';
import type { RunStream } from '../../src/ws/run-stream.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function client(id: number): RunClient & { sent: ServerMessage[] } {
  const sent: ServerMessage[] = [];
  return { id, sent, send: (m) => sent.push(m), openStream: (runId, _source, fromSeq): RunStream => ({ runId, cursor: fromSeq, notify() {}, dispose() {} }) };
}

function setup(edits?: EditPolicy) {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-edit-'));
  dirs.push(dataDir);
  const supervisor = createFakeSupervisor();
  const manager = createRunManager({ supervisor, catalogue: createFakeCatalogue(), store: createRecordingStore(dataDir), ...(edits ? { edits } : {}) });
  return { supervisor, manager };
}

const KEY = 'k'.repeat(22);

describe('edited runs in the run manager', () => {
  it('refuses them with the policy’s code and reason, and starts nothing', () => {
    const off = setup({ on: false, code: 'ERR_EDITS_DISABLED', reason: 'it listens on 0.0.0.0, beyond loopback, without --allow-edits' });
    expect(off.manager.startEdited(client(1), { scenario: 'hello', driver: 'python', program: 'print(1)\n' })).toEqual({
      ok: false,
      code: 'ERR_EDITS_DISABLED',
      field: 'program',
      message: 'Edited programs do not run on this server: it listens on 0.0.0.0, beyond loopback, without --allow-edits',
    });
    // A manager given no policy has no sandbox.
    expect(setup().manager.startEdited(client(1), { scenario: 'hello', driver: 'python', program: 'x' })).toMatchObject({ ok: false, code: 'ERR_SANDBOX_UNAVAILABLE' });
    expect(off.supervisor.runs).toEqual([]);
  });

  it('checks the program: too large, or not text', () => {
    const { manager, supervisor } = setup({ on: true });
    expect(manager.startEdited(client(1), { scenario: 'hello', driver: 'python', program: '#'.repeat(64 * 1024 + 1) })).toMatchObject({ ok: false, code: 'ERR_PROGRAM_TOO_LARGE', field: 'program' });
    expect(manager.startEdited(client(1), { scenario: 'hello', driver: 'python', program: 'print(1)\u0000' })).toMatchObject({ ok: false, code: 'ERR_BAD_PROGRAM' });
    expect(manager.startEdited(client(1), { scenario: 'hello', driver: 'python', program: '\ud800' })).toMatchObject({ ok: false, code: 'ERR_BAD_PROGRAM' });
    expect(supervisor.runs).toEqual([]);
  });

  it('starts the text in the supervisor’s sandbox path, as an edited run of the scenario', () => {
    const { manager, supervisor } = setup({ on: true });
    const verdict = manager.startEdited(client(1), { scenario: 'hello', driver: 'node', program: 'export function main() {}\n', params: { n: 3 } });
    expect(verdict).toMatchObject({ ok: true, queued: false });
    // main() of a TypeScript edit keeps its own defaults: the lesson's parameters are the text now.
    expect(supervisor.runs[0]!.options).toMatchObject({ edit: { source: 'export function main() {}\n' }, driver: 'node', params: {}, scenario: 'hello' });
    expect(manager.live()[0]).toMatchObject({ scenario: 'hello', edited: true });
  });

  it('runs one edited run per owner at a time: the same page, or the same owner key from another connection', async () => {
    const { manager, supervisor } = setup({ on: true });
    const page = client(1);
    const reloaded = client(2);
    expect(manager.startEdited(page, { scenario: 'hello', driver: 'python', program: 'a', ownerKey: KEY })).toMatchObject({ ok: true });
    expect(manager.startEdited(page, { scenario: 'hello', driver: 'python', program: 'b' })).toMatchObject({ ok: false, code: 'ERR_EDIT_RUNNING' });
    expect(manager.startEdited(reloaded, { scenario: 'hello', driver: 'python', program: 'c', ownerKey: KEY })).toMatchObject({ ok: false, code: 'ERR_EDIT_RUNNING' });
    // A lesson run is no edited run; another owner may edit.
    expect(manager.start(page, { scenario: 'hello' })).toMatchObject({ ok: true });
    expect(manager.startEdited(client(3), { scenario: 'hello', driver: 'python', program: 'd' })).toMatchObject({ ok: true });
    supervisor.runs[0]!.end();
    await supervisor.runs[0]!.result;
    await Promise.resolve();
    expect(manager.startEdited(reloaded, { scenario: 'hello', driver: 'python', program: 'e', ownerKey: KEY })).toMatchObject({ ok: true });
  });
});

describe('editedRunParams', () => {
  it('keeps the python driver’s run options, and nothing of a TypeScript program’s', () => {
    const params = { buffering: 'pipe', startMethod: 'spawn', interactive: true, mainSleep: 0.5, count: 3 };
    expect(editedRunParams('python', params)).toEqual({ buffering: 'pipe', startMethod: 'spawn', interactive: true });
    expect(editedRunParams('node', params)).toEqual({});
  });
});
