// The CPython tracing shim, with a minimal collector (fd 3 pipe): the events carry the right pids and tell
// the truth CPython shows — lazy reaping, asynchronous terminate, per-start-method parents, buffering.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ofType, runTraced, stdoutLines } from './trace-collector.js';
import { pythonDriver } from '../../src/drivers/python.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const available = (await pythonDriver.available()).ok;

describe.skipIf(!available)('python shim', () => {
  describe.each(['fork', 'spawn', 'forkserver'])('under %s', (startMethod) => {
    it('reports every lifecycle step with the right pids and exit codes', async () => {
      const run = await runTraced(fixture('lifecycle.py'), { startMethod });
      const { records, rootPid } = run;
      expect(run.exitCode).toBe(0);
      expect(run.rawStdout + run.rawStderr).toBe('');

      const running = ofType(records, 'process.running');
      expect(running.find((r) => r.pid === rootPid)?.name).toBe('MainProcess');
      // Only Process objects are reported; the resource tracker and the fork server are left to the kernel sampler.
      const spawned = ofType(records, 'process.spawned');
      expect(spawned.map((r) => r.target)).toEqual(['child', 'sleeper', 'sleeper', 'boom', 'leave']);
      expect(spawned[0]?.name).toBe('greeter');
      for (const s of spawned) expect(s.ppid).toBe(rootPid);
      // Every child that was not killed before its first instruction reports itself running, under its own pid
      // (terminate() right after start() usually lands before it: SEMANTICS §4, 7.1).
      const ran = spawned.filter((s) => s.target !== 'sleeper');
      for (const s of ran) expect(running.some((r) => r.pid === s.pid && r.name === s.name)).toBe(true);

      const pids = spawned.map((s) => s.pid);
      const exited = ofType(records, 'process.exited');
      expect(pids.map((pid) => exited.find((e) => e.pid === pid)?.exitCode)).toEqual([0, -15, -9, 1, 3]);
      expect(exited.find((e) => e.pid === pids[1])?.signal).toBe('SIGTERM');
      expect(exited.find((e) => e.pid === pids[2])?.signal).toBe('SIGKILL');

      expect(stdoutLines(records, pids[0])).toEqual(['hello bob']);
      const [aliveLine, codesLine] = stdoutLines(records, rootPid);
      expect(codesLine).toBe('codes 0 -15 -9 1 3');

      const terminating = ofType(records, 'process.terminating');
      expect(terminating.map((t) => [t.target, t.signal])).toEqual([[pids[1], 'SIGTERM'], [pids[2], 'SIGKILL']]);
      // is_alive() right after terminate() is almost always still True (SEMANTICS rule 14); the event says what
      // the program saw, and a True check comes before the reap.
      const alive = ofType(records, 'process.alive-checked').find((a) => a.target === pids[1]);
      expect(aliveLine).toBe(`alive after terminate: ${alive?.alive ? 'True' : 'False'}`);
      if (alive?.alive) expect(records.indexOf(alive)).toBeLessThan(records.indexOf(exited.find((e) => e.pid === pids[1])!));

      const joining = ofType(records, 'process.joining');
      expect(joining.find((j) => j.target === pids[2])?.timeoutMs).toBe(5000);
      const joined = ofType(records, 'process.joined');
      expect(joined.every((j) => !j.timedOut)).toBe(true);

      const error = ofType(records, 'process.error').find((e) => e.pid === pids[3]);
      expect(error).toMatchObject({ errorType: 'ValueError', message: 'bad thing' });
      const stderr = ofType(records, 'process.output').filter((o) => o.pid === pids[3] && o.stream === 'stderr').map((o) => o.text).join('');
      expect(stderr).toMatch(/^Process Process-4:\nTraceback \(most recent call last\):\n/);
      expect(stderr).not.toContain('forkscope_shim');
      expect(stderr.trimEnd().split('\n').pop()).toBe('ValueError: bad thing');
      // A child's own code ends (main-ended) before its exit is seen by the parent.
      for (const pid of [pids[0], pids[3], pids[4]]) {
        const ended = records.findIndex((r) => r.type === 'process.main-ended' && r.pid === pid);
        expect(ended).toBeGreaterThanOrEqual(0);
        expect(ended).toBeLessThan(records.findIndex((r) => r.type === 'process.exited' && r.pid === pid));
      }
      const rootEnded = records.find((r) => r.type === 'process.main-ended' && r.pid === rootPid);
      expect(rootEnded).toBeDefined();

      if (startMethod === 'fork') {
        for (const s of ran) expect(running.find((r) => r.pid === s.pid)?.ppid).toBe(rootPid);
        expect(exited.every((e) => e.reapedBy === rootPid)).toBe(true);
      }
      if (startMethod === 'forkserver') {
        // The OS parent of a forkserver worker is the fork server, not main (SEMANTICS rule 32); it reaps them.
        const parents = new Set(ran.map((s) => running.find((r) => r.pid === s.pid)?.ppid));
        expect(parents.size).toBe(1);
        const [server] = [...parents];
        expect(server).not.toBe(rootPid);
        expect(exited.every((e) => e.reapedBy === server)).toBe(true);
      }
    });
  });

  it('leaves a finished daemon unreaped until main exits, then reaps it without a kill', async () => {
    const { records, rootPid, exitCode } = await runTraced(fixture('daemon-zombie.py'));
    expect(exitCode).toBe(0);
    expect(stdoutLines(records, rootPid)).toEqual(['daemon state before main ends: Z']);
    const daemon = ofType(records, 'process.spawned')[0]!;
    expect(daemon.daemon).toBe(true);
    const mainEnded = records.findIndex((r) => r.type === 'process.main-ended' && r.pid === rootPid);
    const exited = records.findIndex((r) => r.type === 'process.exited' && r.pid === daemon.pid);
    expect(exited).toBeGreaterThan(mainEnded);
    // It is no longer an active child when _exit_function runs... yet unreaped: active_children() reaps it first.
    expect(ofType(records, 'process.daemon-killed')).toEqual([]);
    expect(ofType(records, 'process.exited')[0]).toMatchObject({ exitCode: 0, reapedBy: rootPid });
  });

  it.each([
    ['tty', ['hello bob', 'end'], ['hello bob\n', 'from child\n', 'end\n']],
    ['pipe', ['hello bob', 'end'], ['hello bob\n', 'end\n']],
    ['unbuffered', ['hello bob', 'end'], ['hello', ' ', 'bob', '\n', 'from child', '\n', 'end', '\n']],
  ])('models %s buffering: one record per write that reaches the OS', async (buffering, rootLines, writes) => {
    const { records, rootPid } = await runTraced(fixture('buffering.py'), { buffering });
    expect(stdoutLines(records, rootPid)).toEqual(rootLines);
    // In pipe mode the child's "from child" was still in its buffer when SIGTERM came: lost (rule 15).
    expect(ofType(records, 'process.output').map((o) => o.text)).toEqual(writes);
  });

  it('splits long output into records of at most 4000 bytes, reports watched values, keeps raw writes untraced', async () => {
    const run = await runTraced(fixture('stdin-and-watch.py'));
    const { records, rootPid } = run;
    const outputs = ofType(records, 'process.output');
    expect(outputs.filter((o) => o.text.includes('xxx')).length).toBeGreaterThan(2);
    expect(Math.max(...outputs.map((o) => Buffer.byteLength(JSON.stringify(o))))).toBeLessThanOrEqual(4000);
    const rootText = outputs.filter((o) => o.pid === rootPid).map((o) => o.text).join('');
    expect(rootText.startsWith(`${'x'.repeat(10000)}\n`)).toBe(true);
    const child = ofType(records, 'process.spawned')[0]!;
    const vars = ofType(records, 'process.var');
    expect(vars.filter((v) => v.name === 'n').map((v) => [v.pid, v.value])).toEqual([[rootPid, 100], [child.pid, 0]]);
    expect(vars.find((v) => v.name === 'ppid' && v.pid === child.pid)?.value).toBe(rootPid);
    expect(stdoutLines(records, rootPid).slice(1)).toEqual(['main n 100', 'name? EOF']);
    expect(run.rawStdout).toBe('raw write\n');
  });

  it('prints the traceback CPython alone would print when a hooked call raises', async () => {
    const file = fixture('misuse.py');
    const run = await runTraced(file);
    const launch = await pythonDriver.prepare({ file }, {});
    const [python, program] = launch.argv as [string, string];
    const plain = spawnSync(python, [program], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const traced = (stream: string) => ofType(run.records, 'process.output').filter((o) => o.stream === stream).map((o) => o.text).join('');
    expect(run.exitCode).toBe(plain.status);
    expect(traced('stdout')).toBe(plain.stdout);
    const addresses = (text: string) => text.replace(/ at 0x[0-9a-f]+/g, ' at 0x…');
    expect(addresses(traced('stderr'))).toBe(addresses(plain.stderr));
    expect(plain.stderr).toMatch(/PicklingError/);
    expect(ofType(run.records, 'process.error')[0]).toMatchObject({ errorType: 'PicklingError', pid: run.rootPid });
  });
});
