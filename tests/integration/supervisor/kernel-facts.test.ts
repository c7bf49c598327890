// What the kernel knows, on real processes under the python driver: who signalled whom (the sender's report,
// the supervisor's, and the kernel's confirmation where the machine offers it), the zombie from the kernel's
// exit event to the parent's reap, each process's inherited descriptors, and its copy-on-write memory.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEvents, createTimelineModel, toChromeTrace, type EventOf, type ForkscopeEvent } from '@forkscope/protocol';
import { createSupervisor, getDriver } from '@forkscope/supervisor';
import { programFile } from '@forkscope/scenarios';
import { programsDir } from '../../fixtures/traced-run.js';
import { devtoolsFlows } from '../../../packages/protocol/test/devtools-engine.js';

const available = (await getDriver('python').available()).ok;
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

const onPath = (name: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
/** What this machine should offer (see the supervisor's README): root has CAP_NET_ADMIN, and bpftrace if installed. */
const root = process.getuid?.() === 0;
const expectSignals = root && onPath('bpftrace') ? 'kernel' : 'report';
const expectExits = root ? 'kernel' : 'sampler';

const ofType = <T extends ForkscopeEvent['type']>(events: readonly ForkscopeEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

function waitFor<T extends ForkscopeEvent>(handle: { subscribe(l: (e: ForkscopeEvent) => void): () => void }, match: (e: ForkscopeEvent) => e is T): Promise<T> {
  return new Promise((resolve) => {
    const stop = handle.subscribe((e) => {
      if (match(e)) {
        queueMicrotask(() => stop());
        resolve(e);
      }
    });
  });
}

describe.skipIf(!available)('the kernel on the timeline (python driver)', () => {
  it('each signal names its sender and target: a terminate, a bare os.kill, and the supervisor cancel', { timeout: 60_000 }, async () => {
    const handle = supervisor.startRun({ program: { file: `${programsDir}python/kernel-signals.py` }, driver: 'python' });
    await waitFor(handle, (e): e is EventOf<'process.output'> => e.type === 'process.output' && e.text.includes('waiting for the cancel'));
    const result = await handle.cancel();
    expect(result.leftovers).toBe(0);
    const events = handle.events;
    const sources = ofType(events, 'run.sources')[0];
    expect(sources).toMatchObject({ signals: expectSignals, exits: expectExits });
    const model = applyEvents(createTimelineModel(), events);
    const main = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!.pid;
    const child = (name: string) => ofType(events, 'process.spawned').find((e) => e.name === name)!.pid;
    const kernelSaw = (target: number) => ofType(events, 'process.signalled').filter((e) => e.pid === target && e.source === 'kernel');

    // Process.terminate(): the shim's report, sender → target; the kernel confirms it with the same pair.
    const terminated = child('terminated');
    expect(model.processes[terminated]?.signals?.[0]).toMatchObject({ by: main, signal: 'SIGTERM', source: 'process' });
    expect(model.arrows.find((a) => a.kind === 'terminate' && a.to === terminated)).toMatchObject({ from: main, signal: 'SIGTERM' });
    if (sources?.signals === 'kernel') {
      expect(kernelSaw(terminated)).toMatchObject([{ by: main, signal: 'SIGTERM', result: 'delivered', code: 'user' }]);
      expect(model.processes[terminated]?.signals?.[0]?.kernel).toBeDefined();
    }

    // A bare os.kill(): nobody reports it; only the kernel names the sender.
    const killed = child('os-killed');
    expect(model.processes[killed]).toMatchObject({ exitCode: -9 });
    if (sources?.signals === 'kernel') {
      expect(kernelSaw(killed)).toMatchObject([{ by: main, signal: 'SIGKILL', result: 'delivered', byName: expect.stringMatching(/python/) }]);
      expect(model.arrows.find((a) => a.kind === 'signal' && a.to === killed)).toMatchObject({ from: main, source: 'kernel' });
      expect(model.processes[killed]?.cause).toBe('killed');
    } else {
      expect(model.processes[killed]?.cause).toBe('signal');
    }

    // The cancel: the supervisor reports the SIGTERM it sends each live process; the kernel saw it come from the supervisor.
    const cancelled = child('cancelled');
    const reports = ofType(events, 'process.signalled').filter((e) => e.source === 'supervisor');
    expect(reports.map((e) => [e.pid, e.by, e.signal, e.reason]).sort()).toEqual(
      [main, cancelled].map((pid) => [pid, process.pid, 'SIGTERM', 'cancel']).sort(),
    );
    if (sources?.signals === 'kernel') {
      expect(kernelSaw(cancelled).find((e) => e.signal === 'SIGTERM')).toMatchObject({ by: process.pid });
      expect(model.processes[cancelled]?.signals?.find((s) => s.source === 'supervisor')?.kernel).toBeDefined();
    }
    expect(model.arrows.find((a) => a.kind === 'signal' && a.to === cancelled)).toMatchObject({ from: process.pid, source: 'supervisor' });

    // The export: DevTools binds a flow for every spawn and signal arrow, the supervisor's included.
    const trace = toChromeTrace({ format: 'forkscope-recording', version: 1, runId: handle.id, scenario: null, params: {}, driver: 'python', startedAt: new Date().toISOString(), host: { platform: 'linux', release: '', node: process.version, cpus: 1 } }, [...events]);
    const flows = await devtoolsFlows(trace.traceEvents);
    const arrows = model.arrows.filter((a) => a.kind !== 'join');
    expect(flows).toHaveLength(arrows.length);
    expect(flows.filter((f) => f[0]?.cat === 'signal').map((f) => f[0]?.pid).sort()).toEqual(arrows.filter((a) => a.kind === 'signal').map((a) => a.from).sort());
  });

  it('the zombie runs from the kernel exit event to the parent’s reap and ends exactly there', { timeout: 60_000 }, async () => {
    const handle = supervisor.startRun({ program: { file: `${programsDir}python/zombie-until-join.py` }, driver: 'python' });
    const result = await handle.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const events = handle.events;
    const main = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!.pid;
    const childPid = ofType(events, 'process.spawned').find((e) => e.ppid === main && !e.discovered)!.pid;
    const reap = ofType(events, 'process.exited').find((e) => e.pid === childPid)!;
    // CPython's join() reaps it: the parent's own wait is the reap, and the lane's zombie ends at that moment.
    expect(reap).toMatchObject({ exitCode: 0, reapedBy: main });
    const model = applyEvents(createTimelineModel(), events);
    const zombie = model.processes[childPid]!.segments.at(-1)!;
    expect(zombie).toMatchObject({ kind: 'zombie', end: reap.t });
    const died = ofType(events, 'process.died').find((e) => e.pid === childPid);
    if (expectExits === 'kernel') {
      expect(died).toMatchObject({ exitCode: 0, signal: null, ppid: main, source: 'kernel' });
      expect(zombie.start).toBe(died!.t);
      expect(died!.t).toBeLessThan(reap.t);
    } else {
      // The sampler saw it as a zombie (Z) while main slept.
      expect(ofType(events, 'process.state').some((e) => e.pid === childPid && e.state === 'Z')).toBe(true);
    }
    const joined = ofType(events, 'process.joined').find((e) => e.pid === main && e.target === childPid)!;
    expect(reap.t).toBeLessThanOrEqual(joined.t);
  });

  it.each([
    ['python', true],
    ['node', false],
  ] as const)('socket-chat (%s): each handler lists its descriptors at running; inherited listening socket: %s', { timeout: 60_000 }, async (driver, inherits) => {
    const params = { clients: 1, messages: [], interactive: true };
    const handle = supervisor.startRun({ program: { file: programFile('socket-chat', driver) }, driver, params, scenario: 'socket-chat' });
    const listening = await waitFor(handle, (e): e is EventOf<'net.listening'> => e.type === 'net.listening');
    const client = await waitFor(handle, (e): e is EventOf<'net.connected'> => e.type === 'net.connected');
    const handler = await waitFor(handle, (e): e is EventOf<'process.spawned'> => e.type === 'process.spawned' && e.name.startsWith('handler'));
    const fds = await waitFor(handle, (e): e is EventOf<'process.fds'> => e.type === 'process.fds' && e.pid === handler.pid);
    handle.input(client.pid, 'exit');
    const result = await handle.result;
    expect(result).toMatchObject({ status: 'completed', leftovers: 0 });
    expect(fds.ppid).toBe(handler.ppid);
    // The run's own descriptors are told from the program's.
    expect(fds.fds.find((f) => f.fd === 3)).toMatchObject({ role: 'trace', shared: true });
    const listeners = fds.fds.filter((f) => f.listening !== undefined);
    if (inherits) {
      // A fork child holds every descriptor its parent had at start(): the server's listening socket too.
      expect(listeners).toEqual([expect.objectContaining({ kind: 'socket', listening: listening.port, shared: true })]);
    } else {
      // A Node handler is a new process: it holds no listening socket (the server relays each connection to it).
      expect(listeners).toEqual([]);
    }
    const model = applyEvents(createTimelineModel(), handle.events);
    expect(model.processes[handler.pid]?.fds?.list).toEqual(fds.fds);
  });

  it('4.8 isolation: the child’s private-dirty memory grows after it writes n', { timeout: 60_000 }, async () => {
    const handle = supervisor.startRun({ program: { file: programFile('isolation', 'python') }, driver: 'python', scenario: 'isolation' });
    expect((await handle.result).status).toBe('completed');
    const events = handle.events;
    const main = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!.pid;
    const childPid = ofType(events, 'process.spawned').find((e) => e.ppid === main && !e.discovered)!.pid;
    const own = ofType(events, 'process.memory').filter((e) => e.pid === childPid && e.source === 'process');
    const write = ofType(events, 'process.var').find((e) => e.pid === childPid && e.name === 'n')!;
    expect(write.value).toBe(0);
    const before = own.filter((e) => e.t < write.t).at(-1)!;
    const after = own.find((e) => e.t >= write.t)!;
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    // Right after the fork nearly everything is shared with main; writing makes pages its own.
    expect(before.sharedDirty).toBeGreaterThan(before.privateDirty);
    expect(after.privateDirty).toBeGreaterThan(before.privateDirty);
  });

  it('fork against spawn: a fork child starts sharing its parent’s pages and copies them as it writes; a spawn child shares none', { timeout: 60_000 }, async () => {
    const child = async (startMethod: string) => {
      const handle = supervisor.startRun({ program: { file: `${programsDir}python/memory-fork-spawn.py` }, driver: 'python', params: { startMethod } });
      expect((await handle.result).status).toBe('completed');
      const events = handle.events;
      const main = ofType(events, 'process.spawned').find((e) => e.name === 'MainProcess')!.pid;
      const pid = ofType(events, 'process.spawned').find((e) => e.ppid === main && !e.discovered)!.pid;
      return { events, own: ofType(events, 'process.memory').filter((e) => e.pid === pid && e.source === 'process'), pid };
    };
    const fork = await child('fork');
    const spawn = await child('spawn');
    // At its first instruction: the fork child shares the parent's heap (tens of MB), the spawn child none of it.
    expect(fork.own[0]!.sharedDirty).toBeGreaterThan(fork.own[0]!.privateDirty);
    expect(spawn.own[0]!.sharedDirty).toBeLessThan(fork.own[0]!.sharedDirty / 4);
    // Writing the inherited list (a new list, and every string's reference count) copies those pages.
    const wrote = ofType(fork.events, 'process.var').find((e) => e.pid === fork.pid && e.value === 'wrote')!;
    const after = fork.own.find((e) => e.t >= wrote.t)!;
    expect(after.privateDirty - fork.own[0]!.privateDirty).toBeGreaterThan(fork.own[0]!.privateDirty);
    expect(after.sharedDirty).toBeLessThan(fork.own[0]!.sharedDirty);
  });
});
