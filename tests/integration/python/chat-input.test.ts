// Run input reaches a Python process through the shim's sys.stdin: in the interactive socket chat a client
// reads typed lines with the seed's input('>>: '), and 'exit' ends it.
import { afterAll, describe, expect, it } from 'vitest';
import type { ForkscopeEvent } from '@forkscope/protocol';
import { getDriver } from '@forkscope/supervisor';
import { createSupervisor } from '@forkscope/supervisor';
import { programFile } from '@forkscope/scenarios';

const available = (await getDriver('python').available()).ok;
const supervisor = createSupervisor({ watchdog: false });
afterAll(() => supervisor.close());

describe.skipIf(!available)('python run input', () => {
  it('delivers typed lines to input() in a client process and echoes them upper-cased', async () => {
    const run = supervisor.startRun({
      program: { file: programFile('socket-chat', 'python') },
      driver: 'python',
      params: { clients: 1, interactive: true },
      scenario: 'socket-chat',
    });
    let clientPid = 0;
    run.subscribe((e) => {
      if (e.type === 'process.running' && e.name === 'client-1') {
        clientPid = e.pid;
        run.input(e.pid, 'hello there');
      }
      // Once the echo is back, end the client as a user would.
      if (e.type === 'process.output' && e.pid === clientPid && e.text === 'HELLO THERE\n') run.input(clientPid, 'exit');
    });
    const result = await run.result;
    expect(result).toMatchObject({ status: 'completed', exitCode: 0, leftovers: 0 });
    const output = run.events.filter((e): e is Extract<ForkscopeEvent, { type: 'process.output' }> => e.type === 'process.output' && e.pid === clientPid);
    expect(output.map((e) => e.text)).toEqual(['>>: ', 'HELLO THERE\n', '>>: ']);
    const exited = run.events.filter((e) => e.type === 'process.exited');
    expect(exited.every((e) => e.type === 'process.exited' && e.exitCode === 0)).toBe(true);
  });
});
