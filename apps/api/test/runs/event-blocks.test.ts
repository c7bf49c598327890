import { describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { EventBlocks, type EventBlock } from '../../src/runs/event-blocks.js';
import { createRunStream } from '../../src/ws/run-stream.js';

const out = (seq: number, text = `line ${seq}\n`): ForkscopeEvent => ({ seq, t: seq * 10, type: 'process.output', pid: 7, stream: 'stdout', text });
const turn = () => new Promise((resolve) => setImmediate(resolve));

function setup(keepAfter = () => 0, maxBytes?: number) {
  const events: ForkscopeEvent[] = [];
  const sealed: EventBlock[] = [];
  const blocks = new EventBlocks(events, (block) => sealed.push(block), keepAfter, maxBytes);
  const add = (event: ForkscopeEvent) => {
    events.push(event);
    blocks.added();
  };
  return { events, sealed, blocks, add };
}

describe('EventBlocks', () => {
  it('serialises what one turn added as one block of JSON lines, at the end of the turn', async () => {
    const { sealed, blocks, add } = setup();
    add(out(0));
    add({ seq: 1, t: 11, type: 'process.var', pid: 7, name: 'n', value: { list: [1, 2] } });
    add(out(2, 'ünï "quoted" \\ \n'));
    expect(sealed).toEqual([]);
    await turn();
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.text.split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([out(0), { seq: 1, t: 11, type: 'process.var', pid: 7, name: 'n', value: { list: [1, 2] } }, out(2, 'ünï "quoted" \\ \n')]);
    expect(blocks.blockAt(0)).toBe(sealed[0]);
    add(out(3));
    blocks.seal(); // the run ended: at once
    expect(sealed.map((b) => [b.from, b.to])).toEqual([[0, 3], [3, 4]]);
  });

  it('forgets the blocks every watcher has passed, and the oldest beyond its size', async () => {
    let keepAfter = 0;
    const { blocks, add } = setup(() => keepAfter, 100);
    for (let seq = 0; seq < 3; seq++) {
      add(out(seq));
      await turn();
    }
    expect([0, 1, 2].map((seq) => blocks.blockAt(seq) !== undefined)).toEqual([false, true, true]); // 3 × 66 bytes > 100
    keepAfter = 2;
    add(out(3));
    await turn();
    expect([1, 2, 3].map((seq) => blocks.blockAt(seq) !== undefined)).toEqual([false, true, true]);
  });

  it('a stream sends the blocks as the text JSON.stringify gives, whole blocks and single events alike', async () => {
    const { events, blocks, add } = setup();
    for (let seq = 0; seq < 5; seq++) add(out(seq));
    await turn();
    add(out(5));
    // From 0: the block [0, 5) and event 5 on its own; from 2: inside the block, event by event.
    for (const from of [0, 2]) {
      const sent: string[] = [];
      const socket = { readyState: 1, bufferedAmount: 0, send: (data: string) => sent.push(data), close: () => {} };
      createRunStream('r', { events, serialised: blocks }, socket, from, { now: () => 0 }).notify();
      await turn();
      expect(sent).toEqual([JSON.stringify({ type: 'events', runId: 'r', events: events.slice(from) })]);
    }
  });
});
