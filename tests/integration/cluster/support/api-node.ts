// One stateless API node of a test cluster, in its own process (so a test can kill it): the real app with
// the real catalogue, runs through Redis. Prints `port <n>` once listening on 127.0.0.1. Environment:
// FORKSCOPE_REDIS, FORKSCOPE_DATA (both required), NODE_ID, CLUSTER_TIMINGS (JSON), MAX_QUEUED, GRACE_MS.
import { buildApp, closeOnSignals } from '@forkscope/api';

const redisUrl = process.env.FORKSCOPE_REDIS;
const dataDir = process.env.FORKSCOPE_DATA;
if (!redisUrl || !dataDir) throw new Error('FORKSCOPE_REDIS and FORKSCOPE_DATA are required');

const app = await buildApp({
  dataDir,
  webDist: null,
  logger: { level: 'error' },
  cluster: {
    redisUrl,
    ...(process.env.NODE_ID ? { nodeId: process.env.NODE_ID } : {}),
    ...(process.env.CLUSTER_TIMINGS ? { timings: JSON.parse(process.env.CLUSTER_TIMINGS) as Record<string, number> } : {}),
  },
  ...(process.env.MAX_QUEUED ? { caps: { maxQueued: Number(process.env.MAX_QUEUED) } } : {}),
  ...(process.env.GRACE_MS ? { reconnectGraceMs: Number(process.env.GRACE_MS) } : {}),
});
await app.listen({ port: 0, host: '127.0.0.1' });
closeOnSignals(app, () => {});
process.stdout.write(`port ${(app.server.address() as { port: number }).port}\n`);
