// The `forkscope` command against hostile input: a recording that tries to drive the terminal, one nested
// 200 000 deep, parameters that reach for the prototype, a --record path into nowhere, a port in use, a
// short token. Every answer is plain text on one line; nothing reaches the terminal raw.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { forkscope } from './forkscope-command.js';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const ESC = '\u001b';
const BEL = '\u0007';
const CSI = '\u009b';

const header = {
  format: 'forkscope-recording', version: 1, runId: 'evil', scenario: null, params: {}, driver: 'node',
  startedAt: `2026-01-01T00:00:00.000Z${ESC}]0;retitled${BEL}`, host: { platform: 'linux', release: '6', node: '20', python: null, cpus: 2 },
};
const limits = { wallMs: 30000, tasks: 512, memoryBytes: null, outputBytes: 1048576, cpuSeconds: 10 };
const name = `pwn${ESC}]0;retitled${BEL}${CSI}2J`;
const events = [
  { seq: 0, t: 0, type: 'run.started', pid: 0, runId: 'evil', scenario: null, params: {}, driver: 'node', containment: 'process-group', limits, warnings: [] },
  { seq: 1, t: 10, type: 'process.spawned', pid: 100, ppid: 1, name, daemon: false, target: null },
  { seq: 2, t: 20, type: 'process.running', pid: 100, ppid: 1, name },
  { seq: 3, t: 30, type: 'process.output', pid: 100, stream: 'stdout', text: `${ESC}[2J${ESC}]8;;http://evil.example${BEL}click${ESC}]8;;${BEL}\tkept tab\r\nsecond line\n` },
  { seq: 4, t: 40, type: 'process.error', pid: 100, errorType: `Error${ESC}[31m`, message: `boom${ESC}c`, stack: `at x${ESC}c` },
  { seq: 5, t: 50, type: 'process.exited', pid: 100, exitCode: 1, signal: null, reapedBy: 1 },
  { seq: 6, t: 60, type: 'run.ended', pid: 0, status: 'failed', reason: null, exitCode: 1, leftovers: 0 },
];

describe('forkscope replay prints what a recording says, never what it would do to a terminal', () => {
  test('control sequences in output, names, errors and the header come out escaped; tabs in output stay', async () => {
    const file = join(dir, 'evil.ndjson');
    writeFileSync(file, [header, ...events].map((line) => JSON.stringify(line)).join('\n') + '\n');
    const r = await forkscope(['replay', file], { FORCE_COLOR: '1', NO_COLOR: undefined });
    expect(r.stdout).toContain('\\x1b]0;retitled\\x07');
    expect(r.stdout).toContain('\\x1b[2J\\x1b]8;;http://evil.example\\x07click');
    expect(r.stdout).toContain('\tkept tab');
    expect(r.stdout).toContain('second line');
    expect(r.stdout).toContain('\\x9b2J');
    // With colours on, the only escape sequences are the palette's own SGR colours.
    const withoutColours = r.stdout.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');
    expect(withoutColours.split('\n').filter((line) => RAW_CONTROL.test(line))).toEqual([]);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  test('a line nested 200 000 deep is a one-line error, not a stack trace', async () => {
    const file = join(dir, 'deep.ndjson');
    writeFileSync(file, `${JSON.stringify(header)}\n${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    const r = await forkscope(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^forkscope: Recording ".*deep\.ndjson" is not valid: Line 2: nested deeper than 16 levels \(at character 17\)\n$/);
  });
});

describe('forkscope run refuses before anything runs', () => {
  test.each([['__proto__'], ['constructor'], ['prototype']])('--param %s=1 is an unknown parameter', async (param) => {
    const r = await forkscope(['run', 'pids', '--param', `${param}=1`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`forkscope: Scenario "pids" has no parameter "${param}"; valid parameters: count, startMethod\n`);
  });

  test('--record into a folder that does not exist is refused, and no folder is made', async () => {
    const target = join(dir, 'no', 'such', 'dir', 'x.ndjson');
    const r = await forkscope(['run', 'pids', '--record', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`forkscope: The folder of \`--record\` does not exist: ${join(dir, 'no', 'such', 'dir')}; create it first or record elsewhere\n`);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});

describe('forkscope serve mistakes are one line', () => {
  test('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await forkscope(['serve', '--port', String(port), '--data', join(dir, 'data')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`forkscope: Port ${port} is in use; pick another with --port N (0 picks a free one)\n`);
    } finally {
      blocker.close();
    }
  });

  test('a short token, an unknown flag', async () => {
    const short = await forkscope(['serve', '--token', 'abc', '--data', join(dir, 'data')]);
    expect([short.code, short.stderr]).toEqual([2, 'forkscope: Expected `--token` to be at least 16 characters, got 3; leave it out to have one generated\n']);
    const unknown = await forkscope(['serve', '--prot', '1']);
    expect([unknown.code, unknown.stderr]).toEqual([2, "forkscope: Unknown option '--prot'; see `forkscope serve --help`\n"]);
  });
});

describe('forkscope recordings', () => {
  test('lists and prunes the recordings of a data directory, oldest first', async () => {
    const data = join(dir, 'pruned');
    for (const id of ['a-1', 'a-2', 'a-3']) {
      const r = await forkscope(['run', 'pids', '-p', 'count=1', '--record', join(dir, `${id}.ndjson`)]);
      expect(r.code).toBe(0);
    }
    // A data directory as the server keeps it: the three recordings, written an hour apart.
    const { mkdirSync, renameSync, utimesSync } = await import('node:fs');
    mkdirSync(join(data, 'runs'), { recursive: true });
    ['a-1', 'a-2', 'a-3'].forEach((id, i) => {
      renameSync(join(dir, `${id}.ndjson`), join(data, 'runs', `${id}.ndjson`));
      const at = Date.now() / 1000 - 3 * 3600 + i * 3600;
      utimesSync(join(data, 'runs', `${id}.ndjson`), at, at);
    });
    const list = await forkscope(['recordings', 'list', '--data', data]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
    expect(list.stdout).toMatch(/completed +pids/);
    const prune = await forkscope(['recordings', 'prune', '--keep', '1', '--data', data]);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toMatch(/^removed [^ ]+ \(.*\)\nremoved [^ ]+ \(.*\)\n$/);
    expect(prune.stderr).toMatch(/^2 removed; 1 kept/);
    const after = await forkscope(['recordings', 'list', '--json', '--data', data]);
    expect((JSON.parse(after.stdout) as { runId: string }[]).length).toBe(1);
  });
});
