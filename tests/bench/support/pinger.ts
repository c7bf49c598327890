// The latency benches' program and its measure: a child that writes the monotonic time of each write
// (CLOCK_MONOTONIC is system-wide, so a client in another process can subtract it), and a WebSocket client
// that runs it and collects, for every line, its arrival minus its write.
import { once } from 'node:events';
import WebSocket from 'ws';
import type { ServerMessage } from '@forkscope/protocol';

export const GAP_MS = 15;

export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

export const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** The program: `samples` lines `t=<µs>`, one every GAP_MS. */
export function pingerProgram(samples: number): string {
  return `let n = ${samples};
const tick = () => { process.stdout.write('t=' + (process.hrtime.bigint() / 1000n) + '\\n'); if (--n > 0) setTimeout(tick, ${GAP_MS}); };
tick();`;
}

/** Runs the server's `scenario` (the pinger) over `url` and returns each line's write → arrival in µs, sorted. */
export async function pingerLatencies(url: string, scenario = 'pinger'): Promise<number[]> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  const latencies: number[] = [];
  const ended = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const arrived = nowUs();
      const m = JSON.parse(data.toString()) as ServerMessage;
      if (m.type !== 'events') return;
      for (const e of m.events) {
        if (e.type === 'process.output' && e.text.startsWith('t=')) for (const line of e.text.trim().split('\n')) latencies.push(arrived - Number(line.slice(2)));
        if (e.type === 'run.ended') resolve();
      }
    }),
  );
  ws.send(JSON.stringify({ type: 'run', scenario }));
  await ended;
  ws.close();
  return latencies.sort((a, b) => a - b);
}
