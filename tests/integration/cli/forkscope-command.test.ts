// The `forkscope` command as a user runs it: a real subprocess, real runs, real exit statuses.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseRecording, type ForkscopeEvent } from '@forkscope/protocol';
import { getDriver } from '@forkscope/supervisor';
import { catalogue } from '@forkscope/scenarios';
import { liveTagged } from '../../support/process-table.js';
import { forkscope, startForkscope } from './forkscope-command.js';

const pythonAvailable = (await getDriver('python').available()).ok;

const dir = mkdtempSync(join(tmpdir(), 'forkscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('forkscope list', () => {
  test('prints every scenario with its seed section and title', async () => {
    const r = await forkscope(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(catalogue.length);
    expect(lines[0]).toMatch(/^first-child\s+4\.1\s+The first child process/);
    expect(r.stdout).toMatch(/daemon-killed-at-main-end\s+5\.2\s+Daemons end when main's code ends/);
  });

  test('--lang zh prints the Chinese titles', async () => {
    const r = await forkscope(['list', '--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/join-in-loop\s+4\.5\s+多个进程同时运行,再谈join方法\(1\)/);
  });
});

describe('forkscope run: mistakes are refused before anything runs', () => {
  test('an unknown scenario names it and lists the valid ids', async () => {
    const r = await forkscope(['run', 'no-such-thing']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Scenario "no-such-thing" does not exist. Use one of: first-child, join, pids,');
    expect(r.stderr).toContain('orphans');
  });

  test('an out-of-range parameter names the parameter and its bounds', async () => {
    const r = await forkscope(['run', 'pids', '--param', 'count=17']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Expected parameter "count" of scenario "pids" to be an integer from 1 to 16, got 17 (number)');
  });

  test('an enum parameter lists its values', async () => {
    const r = await forkscope(['run', 'join-in-loop', '-p', 'join=sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"join" of scenario "join-in-loop" to be one of "each", "after-loop", "none", got "sometimes"');
  });

  test('an unknown parameter lists the valid ones', async () => {
    const r = await forkscope(['run', 'daemon-killed-at-main-end', '-p', 'sleep=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Scenario "daemon-killed-at-main-end" has no parameter "sleep"; valid parameters: mainSleep');
  });

  test('an unknown driver lists the drivers', async () => {
    const r = await forkscope(['run', 'pids', '--driver', 'ruby']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Driver "ruby" does not exist. Use one of: node, python');
  });

  test('an unknown command lists the commands', async () => {
    const r = await forkscope(['launch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Command "launch" does not exist. Use one of: list, run, replay, serve');
  });
});

describe('forkscope run and replay', () => {
  const recording = join(dir, 'isolation.ndjson');
  let runOutput = '';

  test('run prints output and lifecycle lines live, the timeline and the expectations, and records', async () => {
    const r = await forkscope(['run', 'isolation', '--record', recording]);
    expect(r.stderr).toContain(`Recording written to ${recording}`);
    expect(r.code).toBe(0);
    runOutput = r.stdout;
    expect(r.stdout).toMatch(/^\s+\d+\.\d{3} {2}MainProcess·\d+ +│ 主进程内: {2}100$/m);
    expect(r.stdout).toMatch(/^\s+\d+\.\d{3} {2}Process-1·\d+ +│ 子进程内: {2}0$/m);
    expect(r.stdout).toMatch(/^\s+\d+\.\d{3} {2}Process-1·\d+ +· spawned by MainProcess·\d+$/m);
    expect(r.stdout).toMatch(/Process-1·\d+ +· exited · 0$/m);
    expect(r.stdout).toMatch(/run completed · exit 0 · 2 processes · none left over/);
    expect(r.stdout).toMatch(/^MainProcess·\d+ +│[ ░█─▒z]+│ 0$/m);
    expect(r.stdout).toMatch(/^✓ In the child n = 0/m);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).not.toContain('\x1b[');

    const parsed = parseRecording(readFileSync(recording, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.header.scenario).toBe('isolation');
    expect(parsed.header.params).toEqual({ join: false });
    expect(parsed.events[0]?.type).toBe('run.started');
    expect(parsed.events.at(-1)?.type).toBe('run.ended');
  });

  test.skipIf(!pythonAvailable)('a recording of a python run names the CPython that ran it', async () => {
    const file = join(dir, 'first-child.python.ndjson');
    const r = await forkscope(['run', 'first-child', '--driver', 'python', '--record', file]);
    expect(r.code).toBe(0);
    const parsed = parseRecording(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.header).toMatchObject({ driver: 'python', params: { mainSleep: 1, buffering: 'tty' }, host: { python: expect.stringMatching(/^3\.\d+\.\d+$/) } });
  });

  test('replay prints the recording the same way, without running anything', async () => {
    const r = await forkscope(['replay', recording]);
    expect(r.code).toBe(0);
    const body = r.stdout.split('\n').slice(1).join('\n');
    expect(body).toBe(runOutput);
  });

  test('replay of a doctored recording reports the broken expectation and exits 1', async () => {
    const lines = readFileSync(recording, 'utf8').trimEnd().split('\n');
    const doctored = lines.map((line, i) => {
      if (i === 0) return line;
      const event = JSON.parse(line) as ForkscopeEvent;
      if (event.type === 'process.var' && event.value === 0) return JSON.stringify({ ...event, value: 100 });
      return line;
    });
    const file = join(dir, 'doctored.ndjson');
    writeFileSync(file, doctored.join('\n') + '\n');
    const r = await forkscope(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ In the child n = 0.*the child reported n = 100/m);
  });

  test('replay of a recording cut off mid-run shows what it could not decide as not decided, not failed', async () => {
    const lines = readFileSync(recording, 'utf8').trimEnd().split('\n');
    const file = join(dir, 'cut.ndjson');
    writeFileSync(file, lines.slice(0, Math.ceil(lines.length / 2)).join('\n') + '\n');
    const r = await forkscope(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).toMatch(/^○ .*not decided: the recording ends at \d/m);
    expect(r.stderr).toContain('This recording has no end (the run was interrupted).');
  });

  test('replay of a file that is not a recording says which line is wrong', async () => {
    const file = join(dir, 'not-a-recording.ndjson');
    writeFileSync(file, '{"hello": 1}\n');
    const r = await forkscope(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Recording "${file}" is not valid: Line 1: not a forkscope recording`);
  });

  test('--json prints the raw event stream, one event per line', async () => {
    const r = await forkscope(['run', 'spawn-guard', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as ForkscopeEvent);
    expect(events[0]?.type).toBe('run.started');
    expect(events.at(-1)?.type).toBe('run.ended');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(r.stderr).toMatch(/^✓ /m);
  });

  test('FORCE_COLOR colours each process; --lang zh speaks Chinese', async () => {
    const r = await forkscope(['replay', recording, '--lang', 'zh'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(r.code).toBe(0);
    const ESC = '\u001b';
    expect(r.stdout).toContain(`${ESC}[36mMainProcess·`);
    expect(r.stdout).toContain(`${ESC}[35mProcess-1·`);
    expect(r.stdout).toContain('由 MainProcess·');
    expect(r.stdout).toContain('要注意的(isolation):');
  });
});

describe('Ctrl-C', () => {
  test('cancels the run and leaves no process behind', { timeout: 60_000 }, async () => {
    const { child, done } = startForkscope(['run', 'daemon', '--json']);
    let runId: string | null = null;
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: string) => {
        buffer += d;
        for (const line of buffer.split('\n').slice(0, -1)) {
          const event = JSON.parse(line) as ForkscopeEvent;
          if (event.type === 'run.started') runId = event.runId;
          // The daemon has printed: the run is in main's 10 s sleep.
          if (event.type === 'process.output' && event.text.includes('正在和女主播聊天')) resolve();
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      });
      child.on('close', () => reject(new Error('the command ended before the daemon printed')));
    });
    expect(runId).not.toBeNull();
    expect(liveTagged([runId!]).length).toBeGreaterThan(0);
    process.kill(-child.pid!, 'SIGINT'); // what a terminal does on Ctrl-C: the whole foreground group
    const r = await done;
    expect(r.code).toBe(130);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as ForkscopeEvent);
    const end = events.at(-1);
    expect(end?.type === 'run.ended' && end.status).toBe('cancelled');
    expect(end?.type === 'run.ended' && end.leftovers).toBe(0);
    expect(liveTagged([runId!])).toEqual([]);
  });
});
