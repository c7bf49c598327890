// WebSocket delivery: how long from a child process's write to the event arriving at a WebSocket client,
// against a bare `ws` echo round trip measured in the same run; and sustained events per second to one
// client, against bare `ws` batched messages of the same size measured in the same run.
//
// Both latencies use CLOCK_MONOTONIC (process.hrtime), which is system-wide: the child stamps its write,
// the client stamps the arrival.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import type { ServerMessage } from '@forkscope/protocol';
import { buildApp } from '@forkscope/api';
import { createSupervisor } from '@forkscope/supervisor';
import { GAP_MS, nowUs, pct, pingerLatencies, pingerProgram } from './support/pinger.js';

const SAMPLES = 300;
const FLOOD_EVENTS = 200_000;

const ms = (us: number): string => (us / 1000).toFixed(3);

// A child that writes `SAMPLES` lines, each carrying the monotonic time of its own write.
const pinger = pingerProgram(SAMPLES);

// A child that sends FLOOD_EVENTS process.output records straight into the trace channel (fd 3),
// 500 records per write, as fast as the collector takes them.
const flooder = `const fs = require('node:fs'); const fd = Number(process.env.FORKSCOPE_TRACE_FD);
const line = (i) => JSON.stringify({ type: 'process.output', pid: process.pid, stream: 'stdout', text: 'event ' + i + '\\n', tm: Number(process.hrtime.bigint() / 1000n) }) + '\\n';
for (let i = 0; i < ${FLOOD_EVENTS}; i += 500) { let chunk = ''; for (let j = i; j < i + 500; j++) chunk += line(j); fs.writeSync(fd, chunk); }`;

async function bareRoundTrip(): Promise<number[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  await new Promise((resolve) => client.once('open', resolve));
  const rtts: number[] = [];
  for (let i = 0; i < SAMPLES + 50; i++) {
    const start = nowUs();
    client.send(JSON.stringify({ type: 'events', runId: 'x', events: [{ seq: i, t: 0, pid: 1, type: 'process.output', stream: 'stdout', text: 't=1\n' }] }));
    await new Promise((resolve) => client.once('message', resolve));
    if (i >= 50) rtts.push(nowUs() - start);
  }
  client.close();
  await new Promise((resolve) => wss.close(resolve));
  return rtts.sort((a, b) => a - b);
}

async function bareThroughput(total: number, perFrame: number): Promise<number> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const event = (seq: number) => ({ seq, t: seq, pid: 4242, type: 'process.output', stream: 'stdout', text: `event ${seq}\n` });
  wss.on('connection', (socket) => {
    for (let seq = 0; seq < total; seq += perFrame) {
      socket.send(JSON.stringify({ type: 'events', runId: 'x', events: Array.from({ length: perFrame }, (_, i) => event(seq + i)) }));
    }
  });
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  const start = performance.now();
  let received = 0;
  await new Promise<void>((resolve) =>
    client.on('message', (data) => {
      received += (JSON.parse(data.toString()) as { events: unknown[] }).events.length;
      if (received >= total) resolve();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  client.close();
  await new Promise((resolve) => wss.close(resolve));
  return total / seconds;
}

/** The same two children straight from the supervisor, no server: what the server adds is the rest. */
async function supervisorAlone(): Promise<{ latencies: number[]; rate: number }> {
  const supervisor = createSupervisor({ watchdog: false });
  try {
    const latencies: number[] = [];
    const ping = supervisor.startRun({ command: [process.execPath, '-e', pinger] });
    ping.subscribe((e) => {
      const arrived = nowUs();
      if (e.type === 'process.output' && e.text.startsWith('t=')) for (const line of e.text.trim().split('\n')) latencies.push(arrived - Number(line.slice(2)));
    });
    await ping.result;
    const flood = supervisor.startRun({ command: [process.execPath, '-e', flooder], limits: { outputBytes: 64 * 1024 * 1024, wallMs: 120_000 } });
    let events = 0;
    let firstAt = 0;
    flood.subscribe((e) => {
      if (e.type !== 'process.output') return;
      if (events === 0) firstAt = performance.now();
      events++;
    });
    await flood.result;
    return { latencies: latencies.sort((a, b) => a - b), rate: events / ((performance.now() - firstAt) / 1000) };
  } finally {
    await supervisor.close();
  }
}

export default async function (): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-bench-ws-'));
  const scenarios = [
    { id: 'pinger', drivers: ['node' as const], command: pinger },
    { id: 'flooder', drivers: ['node' as const], command: flooder },
  ];
  const app = await buildApp({
    dataDir,
    webDist: null,
    catalogue: {
      list: () => scenarios,
      get: (id) => scenarios.find((s) => s.id === id),
      validateParams: () => ({ ok: true, params: {} }),
      launch: (s) => ({ command: [process.execPath, '-e', (s as (typeof scenarios)[number]).command], limits: { outputBytes: 64 * 1024 * 1024, wallMs: 120_000 } }),
      source: () => null,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/ws`;
  try {
    // 1. Latency: child write → event at the client.
    const latencies = await pingerLatencies(url);
    const rtt = await bareRoundTrip();
    const [p50, p99, r50, r99] = [pct(latencies, 50), pct(latencies, 99), pct(rtt, 50), pct(rtt, 99)];
    console.log(`child write → ws event (n=${latencies.length}, one write every ${GAP_MS} ms): p50 ${ms(p50)} ms, p99 ${ms(p99)} ms`);
    console.log(`bare ws echo round trip (n=${rtt.length}):                 p50 ${ms(r50)} ms, p99 ${ms(r99)} ms`);
    console.log(`ratio (forkscope one-way / bare round trip):     p50 ${(p50 / r50).toFixed(1)}×, p99 ${(p99 / r99).toFixed(1)}×`);
    const alone = await supervisorAlone();
    console.log(`same child → supervisor listener, no server:      p50 ${ms(pct(alone.latencies, 50))} ms, p99 ${ms(pct(alone.latencies, 99))} ms`);
    console.log(`target (issue 13): p50 < 2 ms ${p50 < 2000 ? 'met' : 'missed'}, p99 < 16 ms ${p99 < 16_000 ? 'met' : 'missed'}`);
    console.log('(a quiet stream sends at once; a busy one, after a burst of 32 messages, one batch per 10 ms)');

    // 2. Sustained events per second to one client.
    const flood = new WebSocket(url);
    await new Promise((resolve) => flood.once('open', resolve));
    let events = 0;
    let messages = 0;
    let firstAt = 0;
    const ended = new Promise<void>((resolve) =>
      flood.on('message', (data) => {
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.type !== 'events') return;
        messages++;
        for (const e of m.events) {
          if (e.type === 'process.output') {
            if (events === 0) firstAt = performance.now();
            events++;
          }
          if (e.type === 'run.ended') resolve();
        }
      }),
    );
    flood.send(JSON.stringify({ type: 'run', scenario: 'flooder' }));
    await ended;
    const seconds = (performance.now() - firstAt) / 1000;
    flood.close();
    const rate = events / seconds;
    const bare = await bareThroughput(FLOOD_EVENTS, 500);
    console.log(`sustained to one client: ${events} output events in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} events/s (${messages} messages, ${(events / messages).toFixed(0)} events/message)`);
    console.log(`bare ws, same events in frames of 500:        ${Math.round(bare).toLocaleString('en')} events/s`);
    console.log(`ratio (forkscope / bare ws):                   ${(rate / bare).toFixed(2)}× (target ≥ 0.5×: ${rate / bare >= 0.5 ? 'met' : 'missed'})`);
    console.log(`supervisor alone, same records, no server:     ${Math.round(alone.rate).toLocaleString('en')} events/s (server delivers ${(rate / alone.rate).toFixed(2)}× of it)`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
