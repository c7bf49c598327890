// The server of `pnpm bench classroom`, in its own process so that its memory and CPU are its own: the
// real supervisor and lessons, connection and message caps raised for SIZE students (the bench measures
// fan-out, not the caps). Prints `port <n>`; answers `stats` over IPC with its RSS, CPU time and the
// class fan-out's serialisations.
import { readFileSync } from 'node:fs';
import { buildApp } from '@forkscope/api';

const size = Number(process.env.SIZE ?? 50);
const data = process.env.FORKSCOPE_DATA;
if (!data) throw new Error('FORKSCOPE_DATA is required');

const app = await buildApp({
  dataDir: data,
  webDist: null,
  retention: null,
  maxConnections: size + 100,
  budget: { perSecond: 50_000 },
  classes: { limits: { maxStudents: size, studentMessagesPerSecond: Math.max(100, size), studentBurst: Math.max(500, 2 * size) } },
  logger: { level: 'error' },
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`port ${(app.server.address() as { port: number }).port}\n`);

function rss(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

process.on('message', (m: { type: string; code?: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    const fanout = m.code ? app.forkscope.classes.fanoutOf(m.code) : null;
    const memory = process.memoryUsage();
    process.send!({ type: 'stats', rss: rss(), heap: memory.heapUsed + memory.external, cpuUs: cpu.user + cpu.system, serialisations: fanout?.serialisations ?? 0 });
  }
  if (m.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'gc' });
  }
  if (m.type === 'stop') void app.close().then(() => process.exit(0));
});
