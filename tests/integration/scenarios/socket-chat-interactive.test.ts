// socket-chat with `interactive: true`: a client reads the lines a user types (run input), the server's
// handler echoes them upper-case, and the client ends when the user types `exit`.
import { afterAll, expect, test } from 'vitest';
import { applyEvents, createTimelineModel, type ForkscopeEvent } from '@forkscope/protocol';
import { createSupervisor } from '@forkscope/supervisor';
import { expectationsFor, getScenario, programFile } from '@forkscope/scenarios';

const supervisor = createSupervisor();
afterAll(() => supervisor.close());

test('typed lines reach the client, come back upper-case, and exit ends the run', { timeout: 60_000 }, async () => {
  const params = { clients: 1, messages: [], interactive: true };
  const handle = supervisor.startRun({ program: { file: programFile('socket-chat') }, driver: 'node', params, scenario: 'socket-chat' });
  // As a user types: each line once the client has shown its prompt (sent at once, the order of a prompt and
  // an input would be a race between the client and this test).
  let clientPid = 0;
  let prompts = 0;
  const promptShown = new Map<number, () => void>();
  handle.subscribe((e: ForkscopeEvent) => {
    if (e.type === 'net.connected' && clientPid === 0) clientPid = e.pid;
    if (e.type === 'process.output' && e.pid === clientPid) {
      for (const _ of e.text.matchAll(/>>: /g)) promptShown.get(++prompts)?.();
    }
  });
  const prompt = (n: number) => (prompts >= n ? Promise.resolve() : new Promise<void>((resolve) => promptShown.set(n, resolve)));
  for (const [i, line] of ['hello from the browser', '', '你好 ok', 'exit'].entries()) {
    await prompt(i + 1);
    handle.input(clientPid, line);
  }
  const result = await handle.result;
  expect(result.status).toBe('completed');
  const model = applyEvents(createTimelineModel(), handle.events);
  const replies = model.console.filter((c) => c.kind === 'output' && c.pid === clientPid).map((c) => c.text);
  expect(replies).toEqual(['>>: ', 'HELLO FROM THE BROWSER', '>>: ', '>>: ', '你好 OK', '>>: ']);
  const inputs = handle.events.filter((e) => e.type === 'process.input').map((e) => e.type === 'process.input' && e.text);
  expect(inputs).toEqual(['hello from the browser', '', '你好 ok', 'exit']);
  const outcomes = expectationsFor(getScenario('socket-chat')!, { params, driver: 'node' }).map((e) => ({ id: e.id, result: e.check(model) }));
  expect(outcomes.filter((o) => o.result.status !== 'pass')).toEqual([]);
  expect(outcomes.map((o) => o.id)).toEqual(['server-listening', 'handler-per-connection', 'main-exits-last']);
});
