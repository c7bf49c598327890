// An edited run's kernel facts: its pids are its sandbox's own, so the machine-wide kernel sources (which name host
// pids) are off for it and say why, while the sampler still reads its descriptors and memory through the sandbox's
// procfs — every fact names a pid the program itself printed.
import { afterAll, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { createSupervisor } from '@forkscope/supervisor';

const supervisor = createSupervisor({ graceMs: 500 });

afterAll(async () => {
  await supervisor.close();
});

const program = [
  'import multiprocessing as mp, os, time',
  'def child():',
  "    f = open('/work/note.txt', 'w')",
  "    print('child', os.getpid(), flush=True)",
  '    time.sleep(0.8)',
  '    f.close()',
  "if __name__ == '__main__':",
  "    print('main', os.getpid(), flush=True)",
  '    p = mp.Process(target=child)',
  '    p.start()',
  '    p.join()',
  '',
].join('\n');

it('says its signals and exits come from the reports and the sampler, and reads descriptors through the sandbox', async () => {
  expect(await supervisor.sandbox).toMatchObject({ ok: true });
  const run = supervisor.startRun({ edit: { source: program }, driver: 'python' });
  expect(await run.result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
  const events: readonly ForkscopeEvent[] = run.events;
  const sources = events.find((e) => e.type === 'run.sources');
  expect(sources).toMatchObject({ signals: 'report', exits: 'sampler' });
  expect((sources as { notes: string[] }).notes.join(' ')).toContain('sandbox');
  expect(events.some((e) => e.type === 'process.died' || (e.type === 'process.signalled' && e.source === 'kernel'))).toBe(false);

  const printed = events
    .filter((e) => e.type === 'process.output')
    .flatMap((e) => [...(e as { text: string }).text.matchAll(/(main|child) (\d+)/g)])
    .map((m) => Number(m[2]));
  expect(printed).toHaveLength(2);
  const [mainPid, childPid] = printed as [number, number];
  expect(mainPid).toBe(2); // the reaper is the sandbox's pid 1

  const fds = events.filter((e) => e.type === 'process.fds') as Extract<ForkscopeEvent, { type: 'process.fds' }>[];
  const childFds = fds.find((e) => e.pid === childPid);
  expect(childFds, 'the child’s descriptors were read through the sandbox’s procfs').toBeDefined();
  expect(childFds?.ppid).toBe(mainPid);
  // forkscope's trace channel is marked as such: the launcher whose descriptors name it is the sandbox's pid 1.
  expect(childFds?.fds.some((f) => f.fd === 3 && f.role === 'trace')).toBe(true);
  for (const e of fds) expect([mainPid, childPid]).toContain(e.pid);
});
