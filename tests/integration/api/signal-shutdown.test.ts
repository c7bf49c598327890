// `pnpm start` (src/main.ts) in its own process: it prints its URL, and SIGTERM / SIGINT close it
// gracefully — sockets closed with 1001, runs cancelled, 0 processes left, exit code 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ServerMessage } from '@forkscope/protocol';
import { startChildServer } from './support/child-server.js';
import { liveTagged } from '../../support/process-table.js';
import { connect, withRef } from './support/ws-client.js';

const main = fileURLToPath(new URL('../../../apps/api/src/main.ts', import.meta.url));

describe('main.ts', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('closes gracefully on %s with runs going', async (signal) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-main-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startChildServer(main, ['--port', '0', '--data', dataDir], {});
    const client = await connect(`ws://127.0.0.1:${server.port}/ws`);
    client.send({ type: 'run', scenario: 'daemon', params: { mainSleep: 20 }, ref: 'go' });
    const accepted = await client.waitFor(withRef('go'));
    const { runId } = accepted as Extract<ServerMessage, { type: 'run.accepted' }>;
    await client.waitFor(() => client.events(runId).filter((e) => e.type === 'process.running').length >= 2);
    expect(liveTagged([runId]).length).toBeGreaterThan(0);

    server.child.kill(signal);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(liveTagged([runId])).toEqual([]);
  });
});
