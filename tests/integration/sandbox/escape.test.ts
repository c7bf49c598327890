// The escape suite: a learner's edited program, run for real in the sandbox, tries to get out — each attempt must
// fail, and each test says what stopped it. Targets are real: a forkscope server in this process (its data
// directory with a recording and a secret file, its port, its pid), a process outside the sandbox running as the
// sandbox's own host uid, the machine's network. The longer variant (more runs, default limits) is `pnpm soak sandbox`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ForkscopeEvent, ServerMessage } from '@forkscope/protocol';
import { MAX_PROGRAM_BYTES } from '@forkscope/protocol';
import { createSupervisor, SupervisorError } from '@forkscope/supervisor';
import { isLive, liveTagged } from '../../support/process-table.js';
import { startTestServer } from '../api/support/server.js';
import { connect, withRef } from '../api/support/ws-client.js';
import { unitDirs } from '../supervisor/oracle.js';

const fixture = (name: string) => new URL(`../../fixtures/sandbox/${name}`, import.meta.url).pathname;
const supervisor = createSupervisor({ graceMs: 500 });
const outputOf = (events: readonly ForkscopeEvent[]) =>
  events.map((e) => (e.type === 'process.output' ? e.text : '')).join('');

/** No mount of any sandbox is left in the host's namespace. */
const sandboxMounts = () => readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line.startsWith('forkscope-sandbox '));

let canary: ChildProcess;

beforeAll(async () => {
  const status = await supervisor.sandbox;
  // CI installs bubblewrap (.ci/run): a missing sandbox fails this suite, it never skips it.
  expect(status).toMatchObject({ ok: true });
  // A process outside the sandbox with the sandbox's own host uid: the worst neighbour to have.
  canary = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '120'], { stdio: 'ignore' });
});

afterAll(async () => {
  canary.kill('SIGKILL');
  await supervisor.close();
  expect(unitDirs(process.pid)).toEqual([]);
  expect(sandboxMounts()).toEqual([]);
});

describe('escape attempts from inside the sandbox', () => {
  let server: { port: number; wsUrl: string; dataDir: string; close(): Promise<void> };
  let attempts: Map<string, { ok: boolean; errno: string | null; detail: unknown }>;
  let events: ForkscopeEvent[];

  beforeAll(async () => {
    server = await startServerForAll('escape-suite-token-0123456789');
    const secret = join(server.dataDir, 'secret');
    writeFileSync(secret, 'the server keeps this', { mode: 0o600 });
    const program = readFileSync(fixture('escape-attempts.py'), 'utf8')
      .replace('__DATA_DIR__', server.dataDir)
      .replace('__SERVER_PID__', String(process.pid))
      .replace('__SERVER_PORT__', String(server.port))
      .replace('__CANARY_PID__', String(canary.pid))
      .replace('__SECRET_FILE__', secret);
    // A recording the program would like to read: a finished lesson run on the same server.
    const client = await connect(`${server.wsUrl}?token=escape-suite-token-0123456789`);
    client.send({ type: 'run', scenario: 'first-child', driver: 'python', ref: 'lesson' });
    const lesson = await client.waitFor<Extract<ServerMessage, { type: 'run.accepted' }>>(withRef('lesson'));
    await client.runEnded(lesson.runId);
    client.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program, ref: 'edit' });
    const accepted = await client.waitFor(withRef('edit'));
    expect(accepted.type).toBe('run.accepted');
    events = await client.runEnded((accepted as Extract<ServerMessage, { type: 'run.accepted' }>).runId);
    await client.close();
    await server.close();
    attempts = new Map();
    for (const line of outputOf(events).split('\n').filter(Boolean)) {
      const { attempt, ...rest } = JSON.parse(line) as { attempt: string; ok: boolean; errno: string | null; detail: unknown };
      attempts.set(attempt, rest);
    }
  }, 60_000);

  const refused = (attempt: string, errno: string) => expect(attempts.get(attempt), attempt).toMatchObject({ ok: false, errno });

  it('ran every attempt, and the run ended normally: completed, exit 0, nothing left', () => {
    expect(attempts.size).toBe(25);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', status: 'completed', exitCode: 0, leftovers: 0 });
  });

  it('reads nothing of the host: /etc is the sandbox’s own, no /root, no /home, no data directory, no secret', () => {
    refused('read /etc/shadow', 'ENOENT');
    refused('list /root', 'ENOENT');
    refused('list /home', 'ENOENT');
    refused("list the server's recordings", 'ENOENT');
    refused("read the server's secret file", 'ENOENT');
    // The server's pid names no process in the sandbox's pid namespace.
    refused("read the server's environment", 'ENOENT');
    // Neither its own environment nor any other it can read carries the token.
    refused('token in an environment', 'ENOENT');
  });

  it('writes nothing outside /work: the root, /usr, /etc, the program and /dev are read-only mounts', () => {
    for (const path of ['/x', '/usr/x', '/etc/passwd', 'the program', '/dev/x']) refused(path.startsWith('/') ? `write ${path}` : 'write the program', 'EROFS');
  });

  it('follows no symlink out of /work: the work directory is mounted nosymfollow', () => {
    refused('follow a symlink out of /work', 'ELOOP');
    refused('follow a symlink through /proc/1/root', 'ELOOP');
  });

  it('reaches no network but its own loopback: no route out, and 127.0.0.1 is not the host’s', () => {
    refused('connect to 1.1.1.1:53', 'ENETUNREACH');
    refused("connect to the server's port on 127.0.0.1", 'ECONNREFUSED');
  });

  it('signals nothing outside: other pids do not exist in its namespace, kill(-1) reaches only its own, the reaper ignores it', () => {
    refused('signal the server', 'ESRCH');
    refused('signal a process outside', 'ESRCH');
    expect(isLive(canary.pid as number)).toBe(true);
    expect(isLive(process.pid)).toBe(true);
    // kill(-1) finds no process it may signal (the program is alone but for pid 1, the namespace's init, which
    // kill(-1) skips); kill(1) returns, and the reaper, ignoring SIGKILL from inside its namespace, goes on.
    refused('signal every process (kill -1)', 'ESRCH');
    expect(attempts.get('signal the reaper (pid 1)')).toMatchObject({ ok: true });
    const root = events.find((e) => e.type === 'process.spawned' && e.name === 'MainProcess');
    expect(events.find((e) => e.type === 'process.exited' && e.pid === root?.pid)).toMatchObject({ exitCode: 0, reapedBy: 1 });
  });

  it('sees only its own processes in /proc: the reaper (1) and itself (2)', () => {
    expect(attempts.get('see processes in /proc')).toEqual({ ok: true, errno: null, detail: [1, 2] });
  });

  it('has no controlling terminal (a new session): /dev/tty cannot be opened, TIOCSTI finds no terminal', () => {
    refused('open the controlling terminal', 'ENXIO');
    for (const fd of [0, 1, 2]) refused(`TIOCSTI on fd ${fd}`, 'ENOTTY');
  });
});

describe('TIOCSTI (CVE-2017-5226) with a real terminal to attack', () => {
  it('a server in a terminal: its lesson runs can open it, an edited program cannot (bwrap --new-session)', () => {
    const out = execFileSync('python3', [fixture('in-terminal.py'), process.execPath, '--conditions=source', '--import', 'tsx', fixture('tiocsti.ts')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as Record<string, string>;
    // The terminal is there: the server's own session has it, and a lesson's process (same session) opens it.
    expect(result).toMatchObject({ server: 'has a terminal', lesson: 'opened /dev/tty' });
    // The sandboxed program is in a session of its own, without a terminal.
    expect(result.edited).toBe('ENXIO ENOTTY ENOTTY ENOTTY');
  });
});

describe('a sandboxed program at its limits', () => {
  const edited = (source: string, limits = {}) => supervisor.startRun({ edit: { source }, driver: 'python', limits });

  it('a fork bomb is held at the tasks limit and ends `limit: tasks`, nothing left', async () => {
    const run = edited('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n');
    const result = await run.result;
    expect(result).toMatchObject({ status: 'limit', reason: 'tasks', leftovers: 0 });
    expect(liveTagged([run.id])).toEqual([]);
  });

  it('a memory bomb ends `limit: memory`, nothing left', async () => {
    const run = edited('chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n');
    expect(await run.result).toMatchObject({ status: 'limit', reason: 'memory', leftovers: 0 });
  });

  it('a program that never ends is stopped at its wall limit', async () => {
    const run = edited('while True:\n    pass\n', { wallMs: 1500 });
    expect(await run.result).toMatchObject({ status: 'timeout', reason: 'wall', leftovers: 0 });
  });

  it('10 MB of output: 256 KiB forwarded, the rest counted as dropped', async () => {
    const run = edited("import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(10 * 1024):\n    sys.stdout.write(line)\n");
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(Buffer.byteLength(outputOf(run.events))).toBe(256 * 1024);
    expect(run.events.filter((e) => e.type === 'output.truncated')).toHaveLength(1);
    expect(result.outputDroppedBytes).toBe(10 * 1024 * 1024 - 256 * 1024);
  });

  it('a 1 MB program is refused before anything starts', () => {
    const program = '#'.repeat(1024 * 1024);
    expect(() => edited(program)).toThrow(expect.objectContaining({ code: 'ERR_PROGRAM_TOO_LARGE' }) as SupervisorError);
    expect(() => edited('print(1)\0')).toThrow(expect.objectContaining({ code: 'ERR_BAD_PROGRAM' }) as SupervisorError);
  });

  it('an edited TypeScript program may import no file of the host: the bundle is refused, the message says why', async () => {
    for (const target of ['/etc/passwd', '../../../../etc/hostname', './x.json']) {
      const run = supervisor.startRun({ edit: { source: `import data from ${JSON.stringify(target)};\nexport function main() { console.log(data); }\n` }, driver: 'node' });
      const result = await run.result;
      expect(result).toMatchObject({ status: 'failed', reason: 'program', leftovers: 0 });
      const ended = run.events.at(-1) as Extract<ForkscopeEvent, { type: 'run.ended' }>;
      expect(ended.message).toContain(`Cannot import ${JSON.stringify(target)}`);
      expect(run.events.some((e) => e.type === 'process.spawned')).toBe(false);
    }
  });

  it('a cancel leaves nothing: no process (children, orphans, a setsid daemon), no cgroup, no mount', async () => {
    const source = [
      'import os, time',
      'for _ in range(3):',
      '    if os.fork() == 0:',
      '        if os.fork() == 0:',
      '            os.setsid()',
      '            time.sleep(60)',
      '        os._exit(0)',
      'print("ready", flush=True)',
      'time.sleep(60)',
    ].join('\n');
    const run = supervisor.startRun({ edit: { source }, driver: 'python' });
    await new Promise<void>((resolve) => run.subscribe((e) => e.type === 'process.output' && e.text.includes('ready') && resolve()));
    expect(liveTagged([run.id]).length).toBeGreaterThan(4);
    expect(await run.cancel()).toMatchObject({ status: 'cancelled', leftovers: 0 });
    expect(liveTagged([run.id])).toEqual([]);
    expect(unitDirs(process.pid).filter((dir) => dir.endsWith(run.id))).toEqual([]);
    expect(sandboxMounts()).toEqual([]);
    expect(readdirSync((supervisor as unknown as { runsDir: string }).runsDir).filter((name) => name.endsWith(run.id))).toEqual([]);
  });
});

describe('edited programs over /ws', () => {
  it('a program over 64 KiB is refused with ERR_PROGRAM_TOO_LARGE; a 1 MB frame closes the socket with 1009; the server goes on', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    client.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program: 'x'.repeat(MAX_PROGRAM_BYTES + 1), ref: 'big' });
    expect(await client.waitFor(withRef('big'))).toMatchObject({ type: 'error', code: 'ERR_PROGRAM_TOO_LARGE', field: 'program' });
    client.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program: 'print(1)\u001b[2J', ref: 'esc' });
    expect(await client.waitFor(withRef('esc'))).toMatchObject({ type: 'error', code: 'ERR_BAD_PROGRAM', field: 'program' });
    client.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program: '#'.repeat(1024 * 1024) });
    expect((await client.closed).code).toBe(1009);
    expect(server.spawns()).toBe(0);
    const again = await connect(server.wsUrl);
    again.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program: 'print("hello from my version")\n', ref: 'ok' });
    const accepted = await again.waitFor(withRef('ok'));
    expect(accepted.type).toBe('run.accepted');
    const runId = (accepted as Extract<ServerMessage, { type: 'run.accepted' }>).runId;
    // One edited run per owner at a time.
    again.send({ type: 'run.edited', scenario: 'first-child', driver: 'python', program: 'print(2)\n', ref: 'second' });
    expect(await again.waitFor(withRef('second'))).toMatchObject({ type: 'error', code: 'ERR_EDIT_RUNNING' });
    const events = await again.runEnded(runId);
    expect(outputOf(events)).toBe('hello from my version\n');
    expect(events[0]).toMatchObject({ type: 'run.started', edit: { source: 'print("hello from my version")\n' } });
    await again.close();
  }, 30_000);

  it('a server beyond loopback refuses edited programs without --allow-edits', async () => {
    const { buildApp } = await import('@forkscope/api');
    const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-edits-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const options = { host: '0.0.0.0', token: 'beyond-loopback-token-0123', webDist: null, dataDir } as const;
    const app = await buildApp({ ...options, supervisor: createSupervisor({ watchdog: false }) });
    expect(app.forkscope.edits).toMatchObject({ on: false, code: 'ERR_EDITS_DISABLED' });
    await app.close();
    const allowed = await buildApp({ ...options, supervisor: createSupervisor({ watchdog: false }), allowEdits: true });
    expect(allowed.forkscope.edits).toEqual({ on: true });
    await allowed.close();
  });
});

/** A real server (real supervisor and catalogue) for a whole describe block, with a token. */
async function startServerForAll(token: string) {
  const { buildApp } = await import('@forkscope/api');
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-escape-'));
  const app = await buildApp({ dataDir, webDist: null, token, supervisor: createSupervisor({ watchdog: false }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    port,
    dataDir,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
