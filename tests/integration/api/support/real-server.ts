// A real forkscope server in its own process (real supervisor, real catalogue), so that a test can see it
// die: prints `port <n>` once listening on 127.0.0.1. Environment: FORKSCOPE_DATA (required),
// FORKSCOPE_TOKEN (optional), RATE_PER_SECOND / BUDGET_PER_SECOND (optional, for the soak's fuzzing).
import { buildApp, closeOnSignals } from '@forkscope/api';

const data = process.env.FORKSCOPE_DATA;
if (!data) throw new Error('FORKSCOPE_DATA is required: tests never write into the home folder');
const rate = process.env.RATE_PER_SECOND ? Number(process.env.RATE_PER_SECOND) : undefined;
const budget = process.env.BUDGET_PER_SECOND ? Number(process.env.BUDGET_PER_SECOND) : undefined;

const app = await buildApp({
  dataDir: data,
  webDist: null,
  ...(process.env.FORKSCOPE_TOKEN ? { token: process.env.FORKSCOPE_TOKEN } : {}),
  ...(rate === undefined ? {} : { rateLimit: { perSecond: rate, burst: rate * 2 } }),
  ...(budget === undefined ? {} : { budget: { perSecond: budget } }),
  logger: { level: 'error' },
});
await app.listen({ port: 0, host: '127.0.0.1' });
closeOnSignals(app, () => {});
process.stdout.write(`port ${(app.server.address() as { port: number }).port}\n`);
