// The two roles as people start them: `forkscope serve --redis` and `forkscope worker --redis`, the real
// commands in their own processes. A worker that cannot contain runs refuses to register, saying why;
// usage mistakes are one line; a node and a worker started by hand run a lesson and answer their probes.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ServerMessage } from '@forkscope/protocol';
import { freePort, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { connect, withRef } from '../api/support/ws-client.js';
import { forkscope, startForkscope } from '../cli/forkscope-command.js';
import { keys } from './support/cluster.js';

let redis: RedisServer;
let data: string;

/** Ends what a failed test left: each command runs in its own process group (the bin may have a child). */
function killGroups(...children: ReturnType<typeof startForkscope>['child'][]): void {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Reads a command's stdout until `pattern` matches; returns the match. */
async function line(child: ReturnType<typeof startForkscope>['child'], pattern: RegExp): Promise<RegExpExecArray> {
  let text = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer | string) => {
      text += d.toString();
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    child.once('close', () => reject(new Error(`exited before printing ${pattern}: ${text}`)));
  });
}

describe('forkscope serve --redis and forkscope worker', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
    data = mkdtempSync(join(tmpdir(), 'forkscope-roles-'));
    chmodSync(data, 0o777);
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it.runIf(process.getuid?.() === 0)('a worker that cannot create cgroups refuses to register, with the reason, and registers nothing', async () => {
    // An unprivileged user (nobody) may not write the cgroup hierarchy: a real machine without delegation.
    const result = await forkscope(['worker', '--redis', redis.url, '--data', data], { HOME: data, XDG_DATA_HOME: data }, { uid: 65534, gid: 65534 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^forkscope worker: This worker will not register: runs here cannot be contained in cgroups \(Contained by a process group \(cannot create cgroups under \S+\)/)]);
    expect(keys(redis, 'forkscope:worker*')).toEqual([]);
  });

  it.each([
    [[], /^forkscope worker: Expected `--redis` \(or FORKSCOPE_REDIS\)/],
    [['--redis', 'http://localhost:6379'], /^forkscope worker: Expected `--redis` to start with redis:\/\//],
    [['--redis', 'redis://u:secret@127.0.0.1:1', '--capacity', '0'], /^forkscope worker: Expected `--capacity` to be a whole number from 1 to 64, got `0`$/],
    [['--redis', 'redis://127.0.0.1:1', '--colour'], /^forkscope worker: Unknown option '--colour'; see `forkscope worker --help`$/],
  ])('worker %j is one line and exit status 2', async (args, message) => {
    const result = await forkscope(['worker', ...args], { FORKSCOPE_REDIS: '' });
    expect([result.code, result.stderr.trim()]).toEqual([2, expect.stringMatching(message)]);
    expect(result.stderr).not.toContain('secret');
  });

  it('serve --redis names a bad URL in one line, without its password', async () => {
    const result = await forkscope(['serve', '--port', '0', '--redis', 'redis://u:secret@host/x y'], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^forkscope: Expected the path of `--redis` to be a database number such as \/0, got `redis:\/\/\*\*\*@host\/x y`$/);
  });

  it('a node and a worker started by hand run a lesson, answer their probes, and stop on SIGTERM leaving nothing', async () => {
    const node = startForkscope(['serve', '--port', '0', '--redis', redis.url, '--data', data]);
    const worker = startForkscope(['worker', '--redis', redis.url, '--data', data, '--capacity', '1', '--name', 'by-hand', '--health-port', '0']);
    onTestFinished(() => killGroups(node.child, worker.child));
    const [[, port], [, healthPort]] = await Promise.all([
      line(node.child, /listening on http:\/\/127\.0\.0\.1:(\d+)\//),
      line(worker.child, /^forkscope worker by-hand: up to 1 runs at once from redis:\/\/127\.0\.0\.1:\d+, contained in cgroups; recordings in .+; health on http:\/\/127\.0\.0\.1:(\d+)\/healthz$/m),
    ]);

    await expect.poll(async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status, { timeout: 10_000 }).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json()).toEqual({ ok: true, role: 'worker', missing: [], capacity: 1, running: 0 });
    await expect.poll(async () => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as unknown, { timeout: 10_000 }).toMatchObject({
      ok: true,
      role: 'api',
      missing: [],
      workers: { registered: 1, capacity: 1 },
    });

    const page = await connect(`ws://127.0.0.1:${port}/ws`);
    try {
      page.send({ type: 'run', scenario: 'pids', params: { count: 1 }, ref: 'r' });
      const { runId } = await page.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>(withRef('r'));
      expect((await page.runEnded(runId)).at(-1)).toMatchObject({ type: 'run.ended', status: 'completed' });
      expect(redis.cli('HGET', `forkscope:run:${runId}`, 'worker')).toBe('by-hand');
    } finally {
      await page.close();
    }

    worker.child.kill('SIGTERM');
    node.child.kill('SIGTERM');
    const [w, n] = await Promise.all([worker.done, node.done]);
    expect([w.code, n.code]).toEqual([0, 0]);
    // The worker left the registry and the queue group.
    expect(keys(redis, 'forkscope:worker*')).toEqual([]);
    expect(redis.cli('XINFO', 'CONSUMERS', 'forkscope:queue', 'workers')).not.toContain('by-hand');
  }, 60_000);

  it('without Redis, a node and a worker start anyway, say what is missing, refuse runs at once, and stop on SIGTERM', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const node = startForkscope(['serve', '--port', '0', '--redis', nowhere, '--data', data]);
    const worker = startForkscope(['worker', '--redis', nowhere, '--data', data, '--health-port', '0']);
    onTestFinished(() => killGroups(node.child, worker.child));
    const [[, port], [, healthPort]] = await Promise.all([
      line(node.child, /listening on http:\/\/127\.0\.0\.1:(\d+)\//),
      line(worker.child, /health on http:\/\/127\.0\.0\.1:(\d+)\/healthz$/m),
    ]);
    const api = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([api.status, await api.json()]).toEqual([503, { ok: false, role: 'api', missing: ['redis: not connected (ECONNREFUSED)'], workers: expect.any(Object), queue: expect.any(Object) }]);
    const probe = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect([probe.status, await probe.json()]).toEqual([503, { ok: false, role: 'worker', missing: ['redis: not connected (ECONNREFUSED)'], capacity: 4, running: 0 }]);
    const page = await connect(`ws://127.0.0.1:${port}/ws`);
    try {
      page.send({ type: 'run', scenario: 'pids', ref: 'r' });
      expect(await page.waitFor(withRef('r'))).toMatchObject({ type: 'error', code: 'ERR_BUSY', message: expect.stringContaining('The run queue is unreachable') });
    } finally {
      await page.close();
    }
    node.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const [n, w] = await Promise.all([node.done, worker.done]);
    expect([n.code, w.code]).toEqual([0, 0]);
  }, 30_000);
});
