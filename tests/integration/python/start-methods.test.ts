// The start method shows in the OS process tree: under forkserver a worker's OS parent is the fork server
// (a discovered process started by main), not main (SEMANTICS rule 32), while under fork it is main.
import { afterAll, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { getDriver } from '@forkscope/supervisor';
import { createSupervisor } from '@forkscope/supervisor';
import { programFile } from '@forkscope/scenarios';

const available = (await getDriver('python').available()).ok;
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

const ofType = <T extends ForkscopeEvent['type']>(events: readonly ForkscopeEvent[], type: T) =>
  events.filter((e): e is Extract<ForkscopeEvent, { type: T }> => e.type === type);

describe.skipIf(!available)('python start methods', () => {
  it.each(['fork', 'forkserver'])('pids under %s: each child reports the parent pid it prints', async (startMethod) => {
    const run = supervisor.startRun({ program: { file: programFile('pids', 'python') }, driver: 'python', params: { count: 3, startMethod } });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const rootPid = ofType(run.events, 'process.running').find((e) => e.name === 'MainProcess')!.pid;
    const children = ofType(run.events, 'process.spawned').filter((e) => !e.discovered && e.pid !== rootPid);
    expect(children).toHaveLength(3);
    const osParents = new Set<number>();
    for (const child of children) {
      expect(child.ppid).toBe(rootPid); // the Process object belongs to main either way
      const running = ofType(run.events, 'process.running').find((e) => e.pid === child.pid)!;
      const printed = ofType(run.events, 'process.output').find((e) => e.pid === child.pid)!.text;
      expect(printed).toBe(`子进程id : ${child.pid} 父进程id : ${running.ppid}\n`);
      osParents.add(running.ppid);
    }
    expect(osParents.size).toBe(1);
    const [osParent] = [...osParents];
    if (startMethod === 'fork') expect(osParent).toBe(rootPid);
    else {
      expect(osParent).not.toBe(rootPid);
      // The fork server is main's child, found by the kernel sampler.
      const server = ofType(run.events, 'process.spawned').find((e) => e.pid === osParent);
      expect(server).toMatchObject({ discovered: true, ppid: rootPid });
    }
  });
});
