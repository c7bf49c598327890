// The page in a cluster: two API nodes behind a load balancer (a TCP proxy here), one worker, one Redis,
// all real processes started as a school would (`forkscope serve --redis`, `forkscope worker --redis`).
// When the node serving the page dies, the page reconnects through the balancer to the other one and the
// run goes on on screen, nothing lost; when the worker dies, the page says the run was interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { freePort } from './servers.js';
import { inspect } from './support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Member {
  child: ChildProcess;
  exited: Promise<unknown>;
  port?: number;
}

/** `forkscope <args>` from source; resolves once it printed `ready`. */
async function forkscope(args: string[], ready: RegExp): Promise<Member> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/api/src/cli/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) resolve();
    });
    void exited.then(() => reject(new Error(`forkscope ${args[0]} exited before it was ready:\n${output}`)));
  });
  return { child, exited };
}

async function stop(member: Member, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (member.child.exitCode === null && member.child.signalCode === null) member.child.kill(signal);
  await member.exited;
}

/** A load balancer that sends every new connection to one upstream; `switchTo` drops the old ones. */
async function balancer(upstream: number): Promise<{ port: number; switchTo(port: number): void; close(): Promise<void> }> {
  let target = upstream;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const up = connect(target, '127.0.0.1');
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        up.destroy();
      });
    }
    client.pipe(up).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    switchTo(next) {
      target = next;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test.describe('many machines', () => {
  let redis: RedisServer;
  let data: string;
  const members: Member[] = [];

  test.beforeEach(async () => {
    redis = await startRedisServer();
    data = mkdtempSync(join(tmpdir(), 'forkscope-e2e-cluster-'));
  });
  test.afterEach(async () => {
    await Promise.all(members.splice(0).map((m) => stop(m)));
    await redis.stop();
    rmSync(data, { recursive: true, force: true });
  });

  async function node(): Promise<Member> {
    const port = await freePort();
    const member = await forkscope(['serve', '--port', String(port), '--redis', redis.url, '--data', data], /listening on http/);
    member.port = port;
    members.push(member);
    return member;
  }
  async function worker(): Promise<Member> {
    const member = await forkscope(['worker', '--redis', redis.url, '--data', data], /^forkscope worker /m);
    members.push(member);
    return member;
  }

  test('the node serving the page dies: the page resumes on the other node and the run ends on screen, every event there', async ({ page }) => {
    test.setTimeout(120_000);
    const [a, b] = await Promise.all([node(), node(), worker()]);
    const lb = await balancer(a!.port!);
    try {
      await page.goto(`http://127.0.0.1:${lb.port}/`);
      await page.waitForFunction(() => window.__forkscope !== undefined);
      await page.getByTestId('scenario').selectOption('daemon'); // main sleeps for seconds: time to kill the node
      await page.getByTestId('run').click();
      await page.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });
      const runId = (await inspect(page)).runId!;

      await stop(a!, 'SIGKILL');
      lb.switchTo(b!.port!);
      await expect(page.getByText('continues where it left off')).toBeVisible({ timeout: 30_000 });
      await page.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 60_000 });
      await expect(page.getByTestId('cancel')).toHaveCount(0);
      await expect(page.getByText('interrupted')).toHaveCount(0);
      // Every event the run had, once: the page holds as many as its recording.
      const recording = await (await page.request.get(`http://127.0.0.1:${lb.port}/api/runs/${runId}`)).text();
      expect((await inspect(page)).events).toBe(recording.trimEnd().split('\n').length - 1);
    } finally {
      await lb.close();
    }
  });

  test('the worker running the page\'s run dies: the page says the run was interrupted', async ({ page }) => {
    test.setTimeout(120_000);
    const [a, w] = await Promise.all([node(), worker()]);
    await page.goto(`http://127.0.0.1:${a!.port}/`);
    await page.waitForFunction(() => window.__forkscope !== undefined);
    await page.getByTestId('scenario').selectOption('daemon');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });

    await stop(w!, 'SIGKILL');
    await page.waitForFunction(() => window.__forkscope.inspect().run.status === 'interrupted', null, { timeout: 15_000 });
    await expect(page.getByTestId('error').last()).toContainText('The run was interrupted: the worker running it stopped');
    await expect(page.getByTestId('run')).toBeEnabled();
  });
});
