// The sampler against a real process: discovery after the grace, state changes, and the exit nobody reported.
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { ContainmentUnit } from '../src/containment/unit.js';
import type { UnsequencedEvent } from '@forkscope/protocol';
import { KernelSampler, emptyLedger, type ProcessLedger } from '../src/kernel-sampler.js';

function unitOf(pids: () => number[]): ContainmentUnit {
  return {
    kind: 'process-group',
    name: 'forkscope-test',
    launch: () => ({ argv: [], detached: false }),
    adopt: () => {},
    pids,
    isEmpty: () => pids().length === 0,
    signalAll: () => {},
    killAll: () => {},
    limitHit: () => null,
    remove: () => true,
  };
}

describe('KernelSampler', () => {
  it('announces an unreported process only after the grace, then its state, then an exit with reapedBy 0', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid!;
    const ledger: ProcessLedger = emptyLedger();
    const events: UnsequencedEvent[] = [];
    let now = 0;
    let members = [pid];
    const sampler = new KernelSampler({
      unit: unitOf(() => members),
      ledger,
      emit: (e) => {
        events.push(e);
        if (e.type === 'process.spawned') ledger.spawned.add(e.pid);
        if (e.type === 'process.exited') ledger.exited.add(e.pid);
      },
      now: () => now,
      // Descriptors and memory are read off the event loop; these tests are about states and exits.
      details: false,
    });
    sampler.sample();
    expect(events).toEqual([]); // within the 100 ms grace: the process may still report itself
    // After the grace, the announcement waits (boundedly) for the command line, which is read off the event loop.
    now = 150_000;
    await vi.waitFor(
      () => {
        sampler.sample();
        expect(events.length).toBeGreaterThan(0);
      },
      { timeout: 5000, interval: 10 },
    );
    expect(events.map((e) => e.type)).toEqual(['process.spawned', 'process.state']);
    expect(events[0]).toMatchObject({ pid, ppid: process.pid, discovered: true, t: 0, command: 'sleep 30' });
    expect(events[1]).toMatchObject({ pid, state: 'S' });
    // Reaped by someone who does not report (here: Node, silently): after the exit grace, an exit with no code.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    members = [];
    now = 200_000;
    sampler.sample();
    now = 400_000;
    sampler.sample();
    expect(events.at(-1)).toMatchObject({ type: 'process.exited', pid, exitCode: null, signal: null, reapedBy: 0, t: 200_000 });
    sampler.finish();
    expect(events.filter((e) => e.type === 'process.exited')).toHaveLength(1);
  });

  it("never announces the run's machinery, and gives a vanished process the status the run's reaper collected", async () => {
    const hidden = spawn('sleep', ['30']);
    const orphan = spawn('sleep', ['30']);
    await Promise.all([hidden, orphan].map((c) => new Promise((resolve) => c.once('spawn', resolve))));
    const ledger: ProcessLedger = emptyLedger();
    ledger.reaperPid = 4242;
    ledger.hidden.add(hidden.pid!);
    const events: UnsequencedEvent[] = [];
    let now = 0;
    let members = [hidden.pid!, orphan.pid!];
    const sampler = new KernelSampler({
      unit: unitOf(() => members),
      ledger,
      emit: (e) => {
        events.push(e);
        if (e.type === 'process.spawned') ledger.spawned.add(e.pid);
        if (e.type === 'process.exited') ledger.exited.add(e.pid);
      },
      now: () => now,
      // Descriptors and memory are read off the event loop; these tests are about states and exits.
      details: false,
    });
    sampler.sample();
    now = 2_000_000;
    await vi.waitFor(
      () => {
        sampler.sample();
        expect(events.some((e) => e.type === 'process.state')).toBe(true);
      },
      { timeout: 5000, interval: 10 },
    );
    expect(events.every((e) => e.pid === orphan.pid)).toBe(true);
    // The reaper collected its status (exit 3) before anyone announced its end: that status is the one shown.
    orphan.kill('SIGKILL');
    await new Promise((resolve) => orphan.once('exit', resolve));
    members = [hidden.pid!];
    ledger.reaped.set(orphan.pid!, { exitCode: 3, signal: null, t: 2_100_000 });
    now = 2_150_000;
    sampler.sample(); // gone: with a reaped status there is no grace to wait for
    expect(events.slice(-2)).toEqual([
      { type: 'process.reparented', t: 2_100_000, pid: orphan.pid, from: process.pid, to: 4242, reaper: true },
      { type: 'process.exited', t: 2_100_000, pid: orphan.pid, exitCode: 3, signal: null, reapedBy: 4242 },
    ]);
    sampler.finish();
    expect(events.filter((e) => e.pid === hidden.pid)).toEqual([]);
    hidden.kill('SIGKILL');
  });
});
