// A real forkscope server for integration tests: buildApp with the real supervisor (its startRun
// counted, so a test can prove that bad input spawned nothing) and the real catalogue, on port 0,
// recording into a fresh temp folder. Closed when the test finishes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { buildApp, type AppOptions } from '@forkscope/api';
import { createSupervisor } from '@forkscope/supervisor';

export interface TestServer {
  app: Awaited<ReturnType<typeof buildApp>>;
  port: number;
  wsUrl: string;
  base: string;
  dataDir: string;
  /** startRun calls so far. */
  spawns(): number;
}

export async function startTestServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-api-'));
  const real = createSupervisor({ watchdog: false });
  let spawns = 0;
  const app = await buildApp({
    dataDir,
    webDist: null,
    supervisor: {
      startRun(opts) {
        spawns++;
        return real.startRun(opts);
      },
      close: () => real.close(),
      sandbox: real.sandbox,
    },
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = (app.server.address() as { port: number }).port;
  return { app, port, dataDir, wsUrl: `ws://127.0.0.1:${port}/ws`, base: `http://127.0.0.1:${port}`, spawns: () => spawns };
}

