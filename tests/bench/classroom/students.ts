// Simulated students (or `/live` watchers) for `pnpm bench classroom`, in a process of their own: COUNT
// WebSocket connections to the server, driven over IPC. Each records when every event of a run reached it
// (CLOCK_MONOTONIC, system-wide, so comparable with the teacher's clock in another process); the first
// message of a run is the catch-up of what happened before the follower was attached, not a broadcast,
// and is left out. Messages are stamped on arrival and parsed afterwards (once per distinct text): a
// thousand students in one process parsing every batch as it comes would measure this process's queue.
import WebSocket from 'ws';
import type { ServerMessage } from '@forkscope/protocol';

const url = process.env.WS_URL!;
const count = Number(process.env.COUNT ?? 0);
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

interface Follower {
  ws: WebSocket;
  /** `events` messages as they came, with their arrival (µs). */
  log: { data: Buffer; at: number }[];
  ended: Set<string>;
  joined: boolean;
}

const EVENTS_PREFIX = Buffer.from('{"type":"events"');
const parsed = new Map<string, Extract<ServerMessage, { type: 'events' }>>();
function parseEvents(data: Buffer): Extract<ServerMessage, { type: 'events' }> {
  const text = data.toString();
  let m = parsed.get(text);
  if (!m) parsed.set(text, (m = JSON.parse(text) as Extract<ServerMessage, { type: 'events' }>));
  return m;
}

/** runId → seq → arrival, live events only (the first message of each run is the catch-up). */
function arrivalsOf(f: Follower): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const { data, at } of f.log) {
    const m = parseEvents(data);
    const runs = out.get(m.runId);
    if (!runs) {
      out.set(m.runId, new Map());
      continue;
    }
    for (const e of m.events) runs.set(e.seq, at);
  }
  return out;
}

const followers: Follower[] = [];
let endedWaiters: { runId: string; resolve: () => void }[] = [];

function checkEnded(): void {
  endedWaiters = endedWaiters.filter((w) => {
    if (followers.every((f) => f.ended.has(w.runId))) {
      w.resolve();
      return false;
    }
    return true;
  });
}

async function open(n: number): Promise<void> {
  // In waves: a few hundred handshakes at once are what a class at the bell looks like.
  for (let i = 0; i < n; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, async () => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        const f: Follower = { ws, log: [], ended: new Set(), joined: false };
        ws.on('error', () => {});
        ws.on('message', (raw) => {
          const at = nowUs();
          const data = raw as Buffer;
          if (data.subarray(0, EVENTS_PREFIX.length).equals(EVENTS_PREFIX)) {
            f.log.push({ data, at });
            if (data.includes('"run.ended"')) {
              f.ended.add(parseEvents(data).runId);
              checkEnded();
            }
            return;
          }
          const m = JSON.parse(data.toString()) as ServerMessage;
          if (m.type === 'class.joined') f.joined = true;
        });
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        followers.push(f);
      }),
    );
  }
}

const send = (f: Follower, m: unknown) => f.ws.readyState === WebSocket.OPEN && f.ws.send(JSON.stringify(m));

process.on('message', async (m: { type: string; [k: string]: unknown }) => {
  switch (m.type) {
    case 'open':
      await open(count);
      process.send!({ type: 'opened', count: followers.length });
      return;
    case 'join': {
      followers.forEach((f, i) => send(f, { type: 'class.join', code: m.code, ...(i % 3 === 0 ? { name: `student ${process.pid}-${i}` } : {}) }));
      const deadline = Date.now() + 60_000;
      while (followers.some((f) => !f.joined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      process.send!({ type: 'joined', count: followers.filter((f) => f.joined).length });
      return;
    }
    case 'answer': {
      // Each student answers once, at a random moment within `spreadMs`.
      const choices = m.choices as string[];
      for (const f of followers) setTimeout(() => send(f, { type: 'class.answer', questionId: m.questionId, choice: choices[Math.floor(Math.random() * choices.length)] }), Math.random() * (m.spreadMs as number));
      process.send!({ type: 'answering' });
      return;
    }
    case 'watch':
      for (const f of followers) send(f, { type: 'watch', runId: m.runId, fromSeq: 0 });
      return;
    case 'ended': {
      const runId = m.runId as string;
      await new Promise<void>((resolve) => {
        endedWaiters.push({ runId, resolve });
        checkEnded();
      });
      process.send!({ type: 'ended', runId });
      return;
    }
    case 'latencies': {
      // The teacher's arrival of each event → each follower's delay behind it, µs.
      const teacher = m.teacher as Record<string, Record<string, number>>;
      const out: number[] = [];
      let missing = 0;
      for (const f of followers) {
        const arrivals = arrivalsOf(f);
        for (const [runId, bySeq] of Object.entries(teacher)) {
          const mine = arrivals.get(runId);
          for (const [seq, t] of Object.entries(bySeq)) {
            const at = mine?.get(Number(seq));
            if (at === undefined) {
              // Delivered in the catch-up message (before this follower was attached), or lost.
              missing += 1;
              continue;
            }
            out.push(at - t);
          }
        }
      }
      process.send!({ type: 'latencies', latencies: out, missing });
      return;
    }
    case 'reset':
      for (const f of followers) {
        f.log = [];
        f.ended.clear();
      }
      parsed.clear();
      process.send!({ type: 'reset' });
      return;
    case 'close':
      for (const f of followers) f.ws.terminate();
      followers.length = 0;
      process.send!({ type: 'closed' });
      return;
  }
});
process.send!({ type: 'ready' });
