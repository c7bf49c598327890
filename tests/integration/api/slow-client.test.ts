// A client that stops reading while a run floods output must not grow the server's memory, and must
// not hold up a healthy client watching the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { withResolvers, type ServerMessage } from '@forkscope/protocol';
import { startChildServer } from './support/child-server.js';

const MiB = 1024 * 1024;
const floodServer = fileURLToPath(new URL('./support/flood-server.ts', import.meta.url));

describe('slow client', () => {
  it('is coalesced or closed with 1013 while a healthy client receives every event, and server memory grows < 64 MiB', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-flood-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startChildServer(floodServer, [], { FORKSCOPE_DATA: dataDir, FLOOD_MIB: '16' });
    const url = `ws://127.0.0.1:${server.port}/ws`;
    const baseline = (await server.memory()).rss;

    // The slow client starts the run, then stops reading from its socket.
    const slow = new WebSocket(url);
    const slowClosed = new Promise<number>((resolve) => slow.on('close', (code) => resolve(code)));
    let slowCoalesced = 0;
    const { promise: slowEnded, resolve: slowSawEnd } = withResolvers();
    const accepted = new Promise<string>((resolve) =>
      slow.on('message', (data) => {
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.type === 'run.accepted') resolve(m.runId);
        if (m.type === 'events') {
          slowCoalesced += m.events.filter((e) => e.type === 'process.output' && e.coalesced).length;
          if (m.events.some((e) => e.type === 'run.ended')) slowSawEnd();
        }
      }),
    );
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(JSON.stringify({ type: 'run', scenario: 'flood' }));
    const slowRunId = await accepted;
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    // The healthy client watches the same run and keeps only counts.
    const healthy = new WebSocket(url);
    let outputBytes = 0;
    let lastSeq = -1;
    let gaps = 0;
    const ended = new Promise<number>((resolve) =>
      healthy.on('message', (data) => {
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.type !== 'events') return;
        for (const e of m.events) {
          if (e.seq <= lastSeq) gaps++;
          lastSeq = e.seq;
          if (e.type === 'process.output') outputBytes += e.text.length;
          if (e.type === 'run.ended') resolve(e.seq);
        }
      }),
    );
    await new Promise((resolve) => healthy.once('open', resolve));
    healthy.send(JSON.stringify({ type: 'watch', runId: slowRunId, fromSeq: 0 }));

    const endSeq = await ended;
    const { peak } = await server.memory();
    expect(lastSeq).toBe(endSeq);
    expect(gaps).toBe(0);
    expect(outputBytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(peak - baseline).toBeLessThan(64 * MiB);

    // Reading again, the slow client finds its stream was coalesced (it reads on to the end) or closed as too slow.
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    const closedByServer = await Promise.race([slowClosed.then(() => true), slowEnded.then(() => false)]);
    if (!closedByServer) slow.close();
    const code = await slowClosed;
    expect(code === 1013 || slowCoalesced > 0, `close ${code}, ${slowCoalesced} coalesced events`).toBe(true);
    healthy.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    console.log(`slow client: close ${code}; server RSS baseline ${(baseline / MiB).toFixed(1)} MiB, peak +${((peak - baseline) / MiB).toFixed(1)} MiB`);
  });
});
