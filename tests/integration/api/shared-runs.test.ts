// A room of students holding the link, tried as a hostile student would, against the real server: each
// attack of issue 11's first list, and what must hold now. The server under attack runs in its own process
// where its death is the question; elsewhere in this process.
import { request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { serve } from '@forkscope/api';
import { startChildServer } from './support/child-server.js';
import { startTestServer } from './support/server.js';
import { connect, upgradeStatus, withRef, type TestClient } from './support/ws-client.js';

const realServer = fileURLToPath(new URL('./support/real-server.ts', import.meta.url));
const devServer = fileURLToPath(new URL('../../../apps/api/src/dev-server.ts', import.meta.url));
const TOKEN = 'c0ffee'.repeat(6);
const OWNER_KEY = 'teacher-tab-key-0123456789abcdef';

function tempData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-shared-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** GET with the path exactly as written (fetch would normalise `..` and `//`). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const isError = (code: string, ref?: string) => (m: ServerMessage) => m.type === 'error' && m.code === code && (ref === undefined || m.ref === ref);

/** Starts socket-chat with one interactive client and waits until that client process runs; returns its pid. */
async function startChat(owner: TestClient, ownerKey?: string): Promise<{ runId: string; clientPid: number }> {
  owner.send({ type: 'run', scenario: 'socket-chat', params: { interactive: true, clients: 1 }, ...(ownerKey ? { ownerKey } : {}), ref: 'chat' });
  const accepted = await owner.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>(withRef('chat'));
  const running = await owner.waitFor((m) => m.type === 'events' && m.runId === accepted.runId && m.events.some((e) => e.type === 'process.running' && /client/i.test(e.name)));
  const client = (running as Extract<ServerMessage, { type: 'events' }>).events.find((e) => e.type === 'process.running' && /client/i.test(e.name))!;
  return { runId: accepted.runId, clientPid: client.pid };
}

describe('one message no longer stops the server', () => {
  it('answers 5 000-deep nesting, as the message or inside runId, ref, type or params, with an error, and lives on', async () => {
    const server = await startChildServer(realServer, [], { FORKSCOPE_DATA: tempData() });
    const client = await connect(`ws://127.0.0.1:${server.port}/ws`);
    const hello = await client.waitFor<Extract<ServerMessage, { type: 'hello' }>>((m) => m.type === 'hello');
    const deep = nested(5000);
    const frames = [
      deep,
      `{"type":"cancel","runId":${deep}}`,
      `{"type":"watch","runId":"a","ref":${deep}}`,
      `{"type":${deep}}`,
      `{"type":"run","scenario":"pids","params":{"count":${deep}}}`,
    ];
    for (const [i, frame] of frames.entries()) {
      const seen = client.messages.filter((m) => m.type === 'error').length;
      client.send(frame);
      await client.waitFor(() => client.messages.filter((m) => m.type === 'error').length > seen);
      expect(client.messages.filter((m) => m.type === 'error').at(-1), `frame ${i}`).toMatchObject({
        code: 'ERR_BAD_MESSAGE',
        message: expect.stringContaining('nested deeper than 16 levels'),
      });
    }
    await client.close();
    const probe = await connect(`ws://127.0.0.1:${server.port}/ws`);
    expect(await probe.waitFor((m) => m.type === 'hello')).toEqual(hello);
    await probe.close();
    expect(server.child.exitCode).toBeNull();
  });
});

describe('the token cannot be walked around', () => {
  it('refuses every spelling of /api and /ws without the token (401) and serves them with it', async () => {
    const server = await startChildServer(realServer, [], { FORKSCOPE_DATA: tempData(), FORKSCOPE_TOKEN: TOKEN });
    const { port } = server;
    // A recording to try to steal.
    const teacher = await connect(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`);
    teacher.send({ type: 'run', scenario: 'pids', params: { count: 1 }, ref: 'r' });
    const { runId } = await teacher.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>(withRef('r'));
    await teacher.runEnded(runId);
    await teacher.close();

    const paths = [
      '/%61pi/runs',
      `/%61pi/runs/${runId}`,
      `/%61pi/runs/${runId}/trace.json`,
      '/a%70i/scenarios/many',
      '//api/runs',
      '/api/runs/',
      '/api//runs',
      `/x/../api/runs/${runId}`,
      `/api/./runs/${runId}/trace.json`,
      '/API/runs',
      '/Api/Scenarios/many',
      '/api/nothing-here',
      '/%77s',
      '//ws',
      '/WS',
      '/x/../ws',
      '/nothing-at-all',
    ];
    for (const path of paths) expect([path, (await rawGet(port, path)).status]).toEqual([path, 401]);
    for (const path of paths.slice(0, 4)) expect([path, (await rawGet(port, path, { authorization: `Bearer ${TOKEN}` })).status]).toEqual([path, 200]);
    for (const path of ['/%77s', '//ws', '/WS', '/ws/']) {
      expect([path, await upgradeStatus(`ws://127.0.0.1:${port}${path}`)]).toEqual([path, 401]);
    }
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`)).toBe(101);
    expect((await rawGet(port, '/healthz')).status).toBe(200);
  });

  it('ignores a malformed cookie instead of failing every route', async () => {
    const server = await startChildServer(realServer, [], { FORKSCOPE_DATA: tempData(), FORKSCOPE_TOKEN: TOKEN });
    const cookie = { cookie: 'forkscope_token=%E0%A4%A' };
    expect((await rawGet(server.port, '/healthz', cookie)).status).toBe(200);
    expect((await rawGet(server.port, '/api/runs', cookie)).status).toBe(401);
    expect((await rawGet(server.port, '/api/runs', { cookie: `forkscope_token=${TOKEN}; other=%E0%A4%A` })).status).toBe(200);
  });

  it('serve does not accept the Vite dev origins; only the dev command does', async () => {
    const lines: string[] = [];
    const result = await serve(['--port', '0', '--data', tempData()], { out: (l) => lines.push(l), err: (l) => lines.push(l) }, { webDist: null, logger: false });
    if (!('server' in result)) throw new Error(lines.join('\n'));
    onTestFinished(() => result.server.app.close());
    const port = (result.server.app.server.address() as { port: number }).port;
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws`, { origin: 'http://127.0.0.1:5173' })).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws`, { origin: 'http://localhost:5173' })).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` })).toBe(101);

    const dev = await startChildServer(devServer, ['--port', '0', '--data', tempData()], {});
    expect(await upgradeStatus(`ws://127.0.0.1:${dev.port}/ws`, { origin: 'http://127.0.0.1:5173' })).toBe(101);
  });
});

describe('owners and viewers', () => {
  it("refuses a viewer's cancel and input (ERR_NOT_OWNER) and the owner's run goes on; the owner reloads and still cancels", async () => {
    const server = await startTestServer({ reconnectGraceMs: 5000 });
    const owner = await connect(server.wsUrl);
    const { runId, clientPid } = await startChat(owner, OWNER_KEY);

    const viewer = await connect(server.wsUrl);
    onTestFinished(() => viewer.close());
    viewer.send({ type: 'watch', runId, fromSeq: 0, ref: 'w' });
    expect(await viewer.waitFor(withRef('w'))).toEqual({ type: 'watching', runId, role: 'viewer', ref: 'w' });
    viewer.send({ type: 'cancel', runId, ref: 'c' });
    viewer.send({ type: 'input', runId, pid: clientPid, text: 'i took over', ref: 'i' });
    // A wrong key is no key.
    viewer.send({ type: 'watch', runId, fromSeq: 0, ownerKey: 'x'.repeat(32), ref: 'w2' });
    expect(await viewer.waitFor(isError('ERR_NOT_OWNER', 'c'))).toMatchObject({ field: 'runId' });
    expect(await viewer.waitFor(isError('ERR_NOT_OWNER', 'i'))).toMatchObject({ field: 'runId' });
    expect(await viewer.waitFor(withRef('w2'))).toMatchObject({ type: 'watching', role: 'viewer' });

    // The owner types: the chat answers, so the run is going and the viewer's line never reached it.
    owner.send({ type: 'input', runId, pid: clientPid, text: 'still mine' });
    await owner.waitFor((m) => m.type === 'events' && m.events.some((e) => e.type === 'process.output' && e.text.includes('STILL MINE')));
    const inputs = owner.events(runId).filter((e) => e.type === 'process.input');
    expect(inputs.map((e) => (e as { text: string }).text)).toEqual(['still mine']);

    // The viewer leaves, then the teacher's page reloads: for a moment nobody watches (the reconnect grace),
    // then a new connection comes with the same tab key.
    await viewer.close();
    await owner.close();
    const reloaded = await connect(server.wsUrl);
    onTestFinished(() => reloaded.close());
    reloaded.send({ type: 'watch', runId, fromSeq: 0, ownerKey: OWNER_KEY, ref: 'back' });
    expect(await reloaded.waitFor(withRef('back'))).toEqual({ type: 'watching', runId, role: 'owner', ref: 'back' });
    reloaded.send({ type: 'cancel', runId, ref: 'stop' });
    const events = await reloaded.runEnded(runId);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'cancelled' });
    expect(reloaded.messages.some(withRef('stop'))).toBe(false);

    // The key never reached a viewer, nor the recording.
    expect(JSON.stringify(viewer.messages)).not.toContain(OWNER_KEY);
    await server.app.close();
    const recording = readFileSync(join(server.dataDir, 'runs', `${runId}.ndjson`), 'utf8');
    expect(recording).not.toContain(OWNER_KEY);
  });

  it('refuses input past the run’s cap with ERR_INPUT_LIMIT, delivering every line before it', async () => {
    const server = await startTestServer();
    const owner = await connect(server.wsUrl);
    onTestFinished(() => owner.close());
    const { runId, clientPid } = await startChat(owner, OWNER_KEY);
    const line = 'a'.repeat(3999);
    // 16 KiB: four 4000-byte lines fit (with their newlines), the fifth does not.
    for (let i = 0; i < 5; i++) owner.send({ type: 'input', runId, pid: clientPid, text: `${i}${line}`, ref: `in${i}` });
    expect(await owner.waitFor(isError('ERR_INPUT_LIMIT', 'in4'))).toMatchObject({ field: 'text', message: expect.stringContaining('cap of 16384 bytes') });
    await owner.waitFor((m) => m.type === 'events' && m.events.some((e) => e.type === 'process.input' && e.text.startsWith('3')));
    expect(owner.messages.filter((m) => m.type === 'error' && m.code === 'ERR_INPUT_LIMIT')).toHaveLength(1);
    owner.send({ type: 'cancel', runId });
    await owner.runEnded(runId);
  });
});

describe('recordings are kept like logs', () => {
  it('prunes the oldest beyond the policy after each run, keeps folder 0700 and files 0600', async () => {
    const server = await startTestServer({ retention: { maxRuns: 2 } });
    const client = await connect(server.wsUrl);
    onTestFinished(() => client.close());
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      client.send({ type: 'run', scenario: 'pids', params: { count: 1 }, ref: `p${i}` });
      const { runId } = await client.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>(withRef(`p${i}`));
      const events: ForkscopeEvent[] = await client.runEnded(runId);
      expect(events.at(-1)?.type).toBe('run.ended');
      runIds.push(runId);
    }
    const dir = join(server.dataDir, 'runs');
    await expect.poll(() => readdirSync(dir).sort(), { timeout: 5000 }).toEqual(runIds.slice(1).map((id) => `${id}.ndjson`).sort());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });
});
