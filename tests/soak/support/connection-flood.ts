// Load generator for the soak, in its own process so that its work does not delay the probe's clock:
// CONNECTIONS connections to ws://127.0.0.1:PORT/ws, each sending one message every 1000/RATE ms (its
// rate limit) for SECONDS seconds: watches of unknown runs, runs of unknown scenarios, input and cancel for
// runs it does not own, in turn. Prints one JSON line of counts when done.
import WebSocket from 'ws';

const port = Number(process.env.PORT);
const connections = Number(process.env.CONNECTIONS ?? 250);
const rate = Number(process.env.RATE ?? 20);
const seconds = Number(process.env.SECONDS ?? 15);

const messages = [
  (i: number) => ({ type: 'watch', runId: `nothing-${i}`, fromSeq: 0 }),
  () => ({ type: 'run', scenario: 'no-such-lesson' }),
  (i: number) => ({ type: 'input', runId: `someone-else-${i}`, pid: 1, text: 'x'.repeat(100) }),
  (i: number) => ({ type: 'cancel', runId: `someone-else-${i}` }),
];

let sent = 0;
let replies = 0;
let closed = 0;
const sockets: WebSocket[] = [];
await Promise.all(
  Array.from({ length: connections }, (_, c) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    sockets.push(ws);
    ws.on('error', () => {});
    ws.on('message', () => replies++);
    ws.on('close', () => closed++);
    return new Promise<void>((resolve) => ws.once('open', () => resolve())).then(() => {
      let n = c;
      const timer = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return clearInterval(timer);
        ws.send(JSON.stringify(messages[n % messages.length]!(n)));
        n++;
        sent++;
      }, 1000 / rate);
      setTimeout(() => clearInterval(timer), seconds * 1000);
    });
  }),
);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 500));
for (const ws of sockets) ws.close();
process.stdout.write(`${JSON.stringify({ connections, sent, replies, closedEarly: closed })}\n`);
