// The sampler against a real process: discovery after the grace, state changes, and the exit nobody reported.
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { ContainmentUnit } from '../src/containment/unit.js';
import type { UnsequencedEvent } from '@forkscope/protocol';
import { KernelSampler, type ProcessLedger } from '../src/kernel-sampler.js';

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
    const ledger: ProcessLedger = { spawned: new Set(), exited: new Set(), ppid: new Map(), traced: new Set() };
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
});
