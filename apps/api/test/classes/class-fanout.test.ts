// The class fan-out on the run manager with fake runs: every follower gets the same serialised frame for
// each batch (one serialisation for the class), a late joiner the events so far and then the live ones, a
// follower that stops reading is closed, and switching runs stops the old one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { createRecordingStore } from '../../src/recordings/recording-store.js';
import { createRunManager, type RunClient } from '../../src/runs/run-manager.js';
import { createClassFanout } from '../../src/classes/class-fanout.js';
import type { ClassMember } from '../../src/classes/class-member.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-fanout-'));
  dirs.push(dataDir);
  const supervisor = createFakeSupervisor();
  const manager = createRunManager({ supervisor, catalogue: createFakeCatalogue(), store: createRecordingStore(dataDir), reconnectGraceMs: 0 });
  const owner: RunClient = { id: 1, send: () => {}, openStream: (runId) => ({ runId, cursor: 0, notify() {}, dispose() {} }) };
  return { supervisor, manager, owner };
}

interface FakeMember extends ClassMember {
  frames: Buffer[];
  /** How many frames each write to the socket carried. */
  writes: number[];
  buffered: number;
  closedWith: number | null;
  events(runId: string): number[];
}

function member(id: number): FakeMember {
  const m: FakeMember = {
    id,
    address: '127.0.0.1',
    frames: [],
    writes: [],
    buffered: 0,
    closedWith: null,
    get open() {
      return m.closedWith === null;
    },
    get bufferedAmount() {
      return m.buffered;
    },
    send: () => {},
    sendFrame: (frame) => void (m.frames.push(frame), m.writes.push(1)),
    sendFrames: (frames) => void (m.frames.push(...frames), m.writes.push(frames.length)),
    close: (code) => void (m.closedWith = code),
    events: (runId) =>
      m.frames.flatMap((f) => {
        const msg = JSON.parse(f.toString()) as ServerMessage;
        return msg.type === 'events' && msg.runId === runId ? msg.events.map((e: ForkscopeEvent) => e.seq) : [];
      }),
  };
  return m;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const settle = async () => {
  for (let i = 0; i < 5; i++) await turn();
};

describe('class fan-out', () => {
  it('sends each batch as one frame shared by every follower, and a late joiner the events so far first', async () => {
    const { supervisor, manager, owner } = setup();
    const started = manager.start(owner, { scenario: 'hello' });
    if (!started.ok) throw new Error(started.message);
    const run = supervisor.runs[0]!;
    const fanout = createClassFanout(manager);
    const class_ = Array.from({ length: 200 }, (_, i) => member(i + 10));
    for (const m of class_) fanout.admit(m);
    expect(await fanout.show(started.runId)).toBe(true);
    await settle();
    for (let i = 0; i < 5; i++) {
      run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: `line ${i}\n` });
      await settle();
    }
    const first = class_[0]!;
    expect(first.events(started.runId)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const m of class_) {
      expect(m.frames.length).toBe(first.frames.length);
      // The very same buffer: serialised once for the class.
      m.frames.forEach((f, i) => expect(f).toBe(first.frames[i]));
    }
    expect(fanout.serialisations).toBe(first.frames.length);

    const late = member(999);
    fanout.admit(late);
    run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'after\n' });
    await settle();
    expect(late.events(started.runId)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // A follower who already holds the run from seq 4 gets the rest only.
    const back = member(1000);
    fanout.admit(back, { runId: started.runId, fromSeq: 4 });
    expect(back.events(started.runId)).toEqual([4, 5, 6]);
    // Two late joiners at the same point share the snapshot's frames.
    const a = member(1001);
    const b = member(1002);
    fanout.admit(a);
    fanout.admit(b);
    expect(a.frames[0]).toBe(b.frames[0]);

    // The class's other messages wait for the turn's end and leave together, in order, with its events:
    // one write to each socket.
    const { frameOf } = await import('../../src/classes/class-member.js');
    const view = frameOf({ type: 'class.presence', students: 3 });
    fanout.broadcast(view);
    expect(first.frames.at(-1)).not.toBe(view);
    run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'with the view\n' });
    await settle();
    expect(first.frames.slice(-2).map((f) => JSON.parse(f.toString()).type)).toEqual(['class.presence', 'events']);
    expect(first.writes.at(-1)).toBe(2);
    fanout.close();
    await manager.close();
  });

  it('closes a follower whose socket holds more than the hard limit (1013), and goes on for the others', async () => {
    const { supervisor, manager, owner } = setup();
    const started = manager.start(owner, { scenario: 'hello' });
    if (!started.ok) throw new Error(started.message);
    const fanout = createClassFanout(manager, { hardLimitBytes: 1000 });
    const slow = member(2);
    const fine = member(3);
    fanout.admit(slow);
    fanout.admit(fine);
    await fanout.show(started.runId);
    await settle();
    slow.buffered = 5000;
    supervisor.runs[0]!.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'x\n' });
    await settle();
    expect(slow.closedWith).toBe(1013);
    expect(fine.events(started.runId)).toEqual([0, 1]);
    fanout.close();
    await manager.close();
  });

  it('follows another run when the teacher shows one: the old run sends nothing more', async () => {
    const { supervisor, manager, owner } = setup();
    const a = manager.start(owner, { scenario: 'hello' });
    const b = manager.start(owner, { scenario: 'hello' });
    if (!a.ok || !b.ok) throw new Error('not started');
    const fanout = createClassFanout(manager);
    const m = member(4);
    fanout.admit(m);
    await fanout.show(a.runId);
    await settle();
    await fanout.show(b.runId);
    await settle();
    supervisor.runs[0]!.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'old\n' });
    supervisor.runs[1]!.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'new\n' });
    await settle();
    expect(m.events(a.runId)).toEqual([0]);
    expect(m.events(b.runId)).toEqual([0, 1]);
    expect(await fanout.show('no-such-run')).toBe(false);
    fanout.close();
    await manager.close();
  });
});
