// buildApp with fake backends (the fake supervisor emits exactly what a test pushes): the WebSocket protocol
// and the upgrade's access checks on a real port with a real ws client; REST through app.inject.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiQuerySchema, HttpErrorSchema, RunIdParamsSchema, RunSummarySchema, ScenarioIdParamsSchema, type ForkscopeEvent, type ServerMessage } from '@forkscope/protocol';
import { buildApp, type AppOptions } from '../src/app.js';
import { createFakeCatalogue, createFakeSupervisor } from './support/fake-backends.js';
import { connect, upgradeStatus } from './support/ws-client.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: Partial<AppOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-app-'));
  const supervisor = createFakeSupervisor();
  const app: FastifyInstance = await buildApp({
    dataDir,
    supervisor,
    catalogue: createFakeCatalogue(),
    toChromeTrace: (events) => ({ traceEvents: events.map((e) => ({ name: e.type })) }),
    webDist: null,
    devOrigins: true,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // Close first, then remove the folder (runs ended by the close still write their last lines).
  onTestFinished(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = (app.server.address() as { port: number }).port;
  return { app, supervisor, port, base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` };
}

const LOCAL = { host: '127.0.0.1' };
const isError = (code: string) => (m: ServerMessage) => m.type === 'error' && m.code === code;

describe('WebSocket /ws', () => {
  it('says hello, starts a run, streams its events and records them', async () => {
    const { app, supervisor, wsUrl } = await start();
    const client = await connect(wsUrl);
    onTestFinished(() => client.close());
    expect(await client.waitFor((m) => m.type === 'hello')).toEqual({ type: 'hello', protocol: 1, serverPid: process.pid });

    client.send({ type: 'run', scenario: 'hello', params: { n: 3 }, ref: 'a' });
    const accepted = await client.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>((m) => m.type === 'run.accepted');
    expect(accepted).toMatchObject({ ref: 'a', queued: false });
    const run = supervisor.runs[0]!;
    expect(run.options).toMatchObject({ program: { file: '/programs/hello.node' }, driver: 'node', params: { n: 3 }, scenario: 'hello', runId: accepted.runId });
    run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: 'hi\n' });
    run.end();
    const events = await client.runEnded(accepted.runId);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2]);

    await expect.poll(async () => (await app.inject({ url: '/api/runs', headers: LOCAL })).json()).toEqual([
      expect.objectContaining({ runId: accepted.runId, scenario: 'hello', driver: 'node', status: 'completed' }),
    ]);
    const ndjson = (await app.inject({ url: `/api/runs/${accepted.runId}`, headers: LOCAL })).body;
    expect(ndjson.trim().split('\n').slice(1).map((l) => (JSON.parse(l) as ForkscopeEvent).type)).toEqual(['run.started', 'process.output', 'run.ended']);
  });

  it('answers bad messages with an error naming the field, and starts nothing', async () => {
    const { supervisor, wsUrl } = await start();
    const client = await connect(wsUrl);
    onTestFinished(() => client.close());
    client.send('not json');
    client.send({ type: 'run', scenario: 'nope', ref: 'u' });
    client.send({ type: 'run', scenario: 'node-only', driver: 'python' });
    client.send({ type: 'run', scenario: 'hello', params: { n: 'x' } });
    client.send({ type: 'run', scenario: 'hello', params: { rm: '-rf /' } });
    client.send({ type: 'cancel', runId: 'missing' });
    client.send({ type: 'input', runId: 'missing', pid: 3, text: 'x' });
    client.send(Buffer.from([1, 2, 3]));
    const errors = await Promise.all([
      client.waitFor(isError('ERR_BAD_JSON')),
      client.waitFor(isError('ERR_UNKNOWN_SCENARIO')),
      client.waitFor(isError('ERR_DRIVER_UNAVAILABLE')),
      client.waitFor(isError('ERR_BAD_PARAM')),
      client.waitFor(isError('ERR_UNKNOWN_PARAM')),
      client.waitFor((m) => m.type === 'error' && m.code === 'ERR_UNKNOWN_RUN' && m.message.includes('cancel')),
      client.waitFor((m) => m.type === 'error' && m.code === 'ERR_UNKNOWN_RUN' && m.message.includes('input')),
      client.waitFor((m) => m.type === 'error' && m.code === 'ERR_BAD_MESSAGE' && m.message.includes('Binary')),
    ]);
    expect(errors.map((e) => (e as { field?: string }).field)).toEqual(['(message)', 'scenario', 'driver', 'params.n', 'params.rm', 'runId', 'runId', '(message)']);
    expect(errors[1]).toMatchObject({ ref: 'u' });
    expect(supervisor.runs).toHaveLength(0);
  });

  it('caps runs: 2 per connection, 4 running, 8 queued, then busy', async () => {
    const { supervisor, wsUrl } = await start();
    const clients = await Promise.all(Array.from({ length: 7 }, () => connect(wsUrl)));
    onTestFinished(async () => {
      await Promise.all(clients.map((c) => c.close()));
    });
    const first = clients[0]!;
    first.send({ type: 'run', scenario: 'hello', ref: '1' });
    first.send({ type: 'run', scenario: 'hello', ref: '2' });
    first.send({ type: 'run', scenario: 'hello', ref: '3' });
    expect(await first.waitFor((m) => m.type === 'error' && m.ref === '3')).toMatchObject({ code: 'ERR_BUSY' });
    // 6 more clients × 2 = 12 more requests: 2 more run, 8 queue, 2 are refused.
    for (const c of clients.slice(1)) {
      c.send({ type: 'run', scenario: 'hello', ref: 'x' });
      c.send({ type: 'run', scenario: 'hello', ref: 'y' });
    }
    const replies = await Promise.all(
      clients.slice(1).flatMap((c) => ['x', 'y'].map((ref) => c.waitFor((m) => (m.type === 'run.accepted' || m.type === 'error') && m.ref === ref))),
    );
    const accepted = replies.filter((m) => m.type === 'run.accepted') as Extract<ServerMessage, { type: 'run.accepted' }>[];
    expect(accepted.filter((m) => !m.queued)).toHaveLength(2);
    expect(accepted.filter((m) => m.queued)).toHaveLength(8);
    expect(replies.filter((m) => m.type === 'error' && m.code === 'ERR_BUSY')).toHaveLength(2);
    expect(supervisor.runs).toHaveLength(4);

    // A run ending lets the first queued one start.
    supervisor.runs[0]!.end();
    const queuedRun = accepted.find((m) => m.queued)!;
    const owner = clients.find((c) => c.messages.includes(queuedRun))!;
    await owner.waitFor((m) => m.type === 'events' && m.runId === queuedRun.runId);
    expect(supervisor.runs).toHaveLength(5);
  });

  it('lets any number of viewers watch, resumes from fromSeq without gap or duplicate, and cancels only unwatched runs on disconnect', async () => {
    const { supervisor, wsUrl } = await start();
    const owner = await connect(wsUrl);
    owner.send({ type: 'run', scenario: 'hello' });
    const { runId } = await owner.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>((m) => m.type === 'run.accepted');
    const run = supervisor.runs[0]!;
    const viewer = await connect(wsUrl);
    onTestFinished(() => viewer.close());
    viewer.send({ type: 'watch', runId, fromSeq: 0 });
    for (let i = 0; i < 5; i++) run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: `${i}\n` });
    await viewer.waitFor((m) => m.type === 'events' && m.events.some((e) => e.seq === 5));

    await owner.close();
    // The viewer still watches: the run is not cancelled.
    expect(run.cancelled).toBe(false);
    for (let i = 5; i < 10; i++) run.emit({ type: 'process.output', pid: 1, stream: 'stdout', text: `${i}\n` });
    const back = await connect(wsUrl);
    onTestFinished(() => back.close());
    const lastSeen = owner.events(runId).at(-1)!.seq;
    back.send({ type: 'watch', runId, fromSeq: lastSeen + 1 });
    run.end();
    const resumed = await back.runEnded(runId);
    expect([...owner.events(runId), ...resumed].map((e) => e.seq)).toEqual([...Array(12).keys()]);
    expect(await viewer.runEnded(runId)).toEqual([...owner.events(runId), ...resumed]);

    // Unwatched: disconnecting cancels.
    const lonely = await connect(wsUrl);
    lonely.send({ type: 'run', scenario: 'hello' });
    await lonely.waitFor((m) => m.type === 'run.accepted');
    await lonely.close();
    await supervisor.runs[1]!.result;
    expect(supervisor.runs[1]!.cancelled).toBe(true);
  });

  it('delivers input to a live process of the run only', async () => {
    const { supervisor, wsUrl } = await start();
    const client = await connect(wsUrl);
    onTestFinished(() => client.close());
    client.send({ type: 'run', scenario: 'hello' });
    const { runId } = await client.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>((m) => m.type === 'run.accepted');
    const run = supervisor.runs[0]!;
    run.emit({ type: 'process.running', pid: 42, ppid: 1, name: 'chat' });
    await client.waitFor((m) => m.type === 'events' && m.events.some((e) => e.pid === 42));
    client.send({ type: 'input', runId, pid: 42, text: 'hello bob' });
    client.send({ type: 'input', runId, pid: 43, text: 'nobody', ref: 'n' });
    expect(await client.waitFor((m) => m.type === 'error' && m.ref === 'n')).toMatchObject({ code: 'ERR_UNKNOWN_PROCESS', field: 'pid' });
    expect(run.inputs).toEqual([{ pid: 42, text: 'hello bob' }]);
  });

  it('answers a failure of its own code with ERR_INTERNAL, logs it once per connection, and goes on', async () => {
    const lines: string[] = [];
    const catalogue = createFakeCatalogue();
    const broken = { ...catalogue, get: (id: string) => (id === 'boom' ? (() => { throw new Error('catalogue exploded'); })() : catalogue.get(id)) };
    const { wsUrl } = await start({ catalogue: broken, logger: { level: 'error', stream: { write: (line: string) => void lines.push(line) } } });
    const client = await connect(wsUrl);
    onTestFinished(() => client.close());
    client.send({ type: 'run', scenario: 'boom', ref: 'a' });
    client.send({ type: 'run', scenario: 'boom', ref: 'b' });
    for (const ref of ['a', 'b']) {
      expect(await client.waitFor((m) => m.type === 'error' && m.ref === ref)).toMatchObject({ code: 'ERR_INTERNAL', message: 'The server failed on a `run` message; it was not carried out' });
    }
    client.send({ type: 'run', scenario: 'hello', ref: 'c' });
    expect(await client.waitFor((m) => 'ref' in m && m.ref === 'c')).toMatchObject({ type: 'run.accepted' });
    expect(lines.filter((l) => l.includes('catalogue exploded'))).toHaveLength(1);
    expect(JSON.parse(lines.find((l) => l.includes('catalogue exploded'))!)).toMatchObject({ client: expect.any(Number) });
  });

  it('rate-limits: an error first, then close 1008', async () => {
    const { wsUrl } = await start();
    const client = await connect(wsUrl);
    for (let i = 0; i < 200; i++) client.send({ type: 'unwatch', runId: 'x' });
    expect(await client.waitFor(isError('ERR_RATE_LIMITED'))).toBeTruthy();
    expect((await client.closed).code).toBe(1008);
    expect(client.messages.filter((m) => m.type === 'error')).toHaveLength(1);
  });

  it('terminates a peer that stops answering pings, and cancels its runs', async () => {
    const { supervisor, wsUrl } = await start({ heartbeatMs: 50 });
    const client = await connect(wsUrl);
    client.send({ type: 'run', scenario: 'hello' });
    await client.waitFor((m) => m.type === 'run.accepted');
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const result = await supervisor.runs[0]!.result;
    expect(result.status).toBe('cancelled');
  });

  it('closes every socket with 1001 on app.close() and cancels the runs', async () => {
    const { app, supervisor, wsUrl } = await start();
    const client = await connect(wsUrl);
    client.send({ type: 'run', scenario: 'hello' });
    await client.waitFor((m) => m.type === 'run.accepted');
    await app.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(supervisor.runs[0]!.cancelled).toBe(true);
    expect(supervisor.closed).toBe(true);
  });
});

describe('access', () => {
  it('refuses foreign Origin, Origin null and foreign Host with 403, and allows same-origin and the Vite dev origin', async () => {
    const { wsUrl, port } = await start();
    expect(await upgradeStatus(wsUrl, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(wsUrl, { headers: { host: 'evil.example:80' } })).toBe(403);
    expect(await upgradeStatus(wsUrl, { origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await upgradeStatus(wsUrl, { origin: 'http://127.0.0.1:5173' })).toBe(101);
    expect(await upgradeStatus(wsUrl)).toBe(101);
  });

  it('requires the token on /ws and /api when one is set, and sets a cookie for a page opened with it', async () => {
    const token = 'f'.repeat(32);
    const { app, wsUrl } = await start({ token });
    expect(await upgradeStatus(wsUrl)).toBe(401);
    expect(await upgradeStatus(`${wsUrl}?token=${'0'.repeat(32)}`)).toBe(401);
    expect(await upgradeStatus(`${wsUrl}?token=${token}`)).toBe(101);
    expect(await upgradeStatus(`${wsUrl}?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
    expect((await app.inject({ url: '/api/scenarios', headers: LOCAL })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/scenarios', headers: { ...LOCAL, authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const page = await app.inject({ url: `/?token=${token}`, headers: LOCAL });
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/^forkscope_token=f{32}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await app.inject({ url: '/api/runs', headers: { ...LOCAL, cookie: cookie.split(';')[0]! } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz', headers: LOCAL })).statusCode).toBe(200);
  });

  it('holds at most maxConnections sockets: one more handshake is refused with 503, and a closed one makes room', async () => {
    const { app, wsUrl } = await start({ maxConnections: 2 });
    const [a, b] = await Promise.all([connect(wsUrl), connect(wsUrl)]);
    expect(await upgradeStatus(wsUrl)).toBe(503);
    await a.close();
    await expect.poll(() => app.websocketServer.clients.size).toBe(1);
    const c = await connect(wsUrl);
    await Promise.all([b.close(), c.close()]);
  });

  it('refuses a DNS-rebinding Host on REST too', async () => {
    const { port } = await start();
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/api/scenarios', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });
});

describe('web app', () => {
  it('serves the built app with deep links answered by index.html', async () => {
    const webDist = mkdtempSync(join(tmpdir(), 'forkscope-web-'));
    dirs.push(webDist);
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>forkscope</title>');
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await start({ webDist });
    for (const path of ['/', '/runs/abc-1', '/live/abc-1', '/class/new', '/class/AB2C3D', '/c', '/c/AB2C3D']) {
      const page = await app.inject({ url: path, headers: LOCAL });
      expect([path, page.statusCode, page.body]).toEqual([path, 200, '<!doctype html><title>forkscope</title>']);
    }
    expect((await app.inject({ url: '/assets/app.js', headers: LOCAL })).body).toBe('console.log(1)');
    expect((await app.inject({ url: '/nope', headers: LOCAL })).statusCode).toBe(404);
    // A page that does not exist: the app, which shows its not-found page; the API keeps a coded answer.
    const page = await app.inject({ url: '/no/such/page', headers: { ...LOCAL, accept: 'text/html' } });
    expect([page.statusCode, page.body]).toEqual([404, '<!doctype html><title>forkscope</title>']);
    const api = await app.inject({ url: '/api/nope', headers: { ...LOCAL, accept: 'text/html' } });
    expect([api.statusCode, api.json()]).toEqual([404, { code: 'ERR_NOT_FOUND', message: 'Nothing here: GET "/api/nope"' }]);
  });
});

describe('REST', () => {
  it('lists scenarios without functions and gives one with its sources', async () => {
    const { app } = await start();
    const list = await app.inject({ url: '/api/scenarios', headers: { host: '127.0.0.1' } });
    expect(list.json()).toEqual([
      { id: 'hello', drivers: ['node', 'python'], title: { en: 'Hello', zh: '你好' }, expectations: [{ id: 'e1', text: { en: 'prints', zh: '打印' } }] },
      { id: 'node-only', drivers: ['node'], title: { en: 'Node only', zh: '仅 Node' }, expectations: [] },
    ]);
    const one = await app.inject({ url: '/api/scenarios/hello', headers: { host: '127.0.0.1' } });
    expect(one.json().sources).toEqual({ node: '// hello in node', python: '// hello in python' });
    expect((await app.inject({ url: '/api/scenarios/zzz', headers: { host: '127.0.0.1' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/scenarios', headers: { host: 'evil.example' } })).statusCode).toBe(403);
  });

  it('says which drivers it can run', async () => {
    const { app } = await start();
    const drivers = await app.inject({ url: '/api/drivers', headers: { host: '127.0.0.1' } });
    expect(drivers.json()).toEqual([
      { id: 'node', available: true, version: process.versions.node },
      { id: 'python', available: false, version: null },
    ]);
  });

  it('declares every /api route\'s params, query and answers with the protocol\'s schemas', async () => {
    const { app } = await start();
    const api = app.forkscope.routes.filter((r) => r.url.startsWith('/api/') && r.method === 'GET');
    expect(api.map((r) => r.url).sort()).toEqual(['/api/drivers', '/api/runs', '/api/runs/:id', '/api/runs/:id/trace.json', '/api/scenarios', '/api/scenarios/:id']);
    for (const { url, schema } of api) {
      const response = schema?.response as Record<number, unknown> | undefined;
      expect([url, schema?.querystring]).toEqual([url, ApiQuerySchema]);
      expect([url, schema?.params]).toEqual([url, url.includes('/runs/') ? RunIdParamsSchema : url.includes('/scenarios/') ? ScenarioIdParamsSchema : undefined]);
      expect([url, Object.keys(response ?? {}).sort()]).toEqual([url, ['200', '400', '401', '403', '404', '500']]);
      for (const status of [400, 401, 403, 404, 500]) expect(response?.[status]).toBe(HttpErrorSchema);
    }
    expect(app.forkscope.routes.find((r) => r.url === '/api/runs')?.schema?.response).toMatchObject({ 200: { items: RunSummarySchema } });
  });

  it('sends no answer that does not match its route\'s schema: 500 ERR_INTERNAL instead, logged', async () => {
    const lines: string[] = [];
    const catalogue = createFakeCatalogue();
    const { app, wsUrl, supervisor } = await start({
      catalogue: { ...catalogue, list: () => [...catalogue.list(), { id: 'cobol', drivers: ['cobol' as 'node'], title: { en: 'COBOL', zh: 'COBOL' }, expectations: [] }] },
      toChromeTrace: () => ({ traceEvents: [{ name: 'no ph, pid or tid' }] }),
      logger: { level: 'error', stream: { write: (line: string) => void lines.push(line) } },
    });
    const internal = { code: 'ERR_INTERNAL', message: 'The server failed on this request' };
    const list = await app.inject({ url: '/api/scenarios', headers: LOCAL });
    expect([list.statusCode, list.json()]).toEqual([500, internal]);
    // A recorded run whose trace the converter gets wrong.
    const client = await connect(wsUrl);
    onTestFinished(() => client.close());
    client.send({ type: 'run', scenario: 'hello' });
    const { runId } = (await client.waitFor((m) => m.type === 'run.accepted')) as { runId: string };
    supervisor.runs[0]!.end();
    await expect.poll(async () => (await app.inject({ url: `/api/runs/${runId}`, headers: LOCAL })).statusCode).toBe(200);
    const answer = await app.inject({ url: `/api/runs/${runId}/trace.json`, headers: LOCAL });
    expect([answer.statusCode, answer.json()]).toEqual([500, internal]);
    expect(lines.filter((l) => l.includes('request failed'))).toHaveLength(2);
    // What fits is sent as it is, and a query other than the token is ignored.
    expect((await app.inject({ url: '/api/drivers?x=1', headers: LOCAL })).statusCode).toBe(200);
  });

  it('answers unknown and unsafe run ids with 404 and 400', async () => {
    const { app } = await start();
    expect((await app.inject({ url: '/api/runs/nope', headers: { host: '127.0.0.1' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/runs/nope/trace.json', headers: { host: '127.0.0.1' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/runs/..%2Fetc/trace.json', headers: { host: '127.0.0.1' } })).statusCode).toBe(400);
    expect((await app.inject({ url: '/healthz', headers: { host: '127.0.0.1' } })).json()).toEqual({ ok: true });
  });
});
