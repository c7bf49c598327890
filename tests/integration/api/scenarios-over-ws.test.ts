// Every scenario of the catalogue, started over the WebSocket like the web does it, meets the
// expectations its metadata states — under every driver that has a program and is available here.
import { describe, expect, it } from 'vitest';
import { applyEvents, createTimelineModel } from '@forkscope/protocol';
import type { ServerMessage } from '@forkscope/protocol';
import { getDriver } from '@forkscope/supervisor';
import { catalogue, expectationsFor } from '@forkscope/scenarios';
import { liveTagged } from '../../support/process-table.js';
import { startTestServer } from './support/server.js';
import { connect, withRef } from './support/ws-client.js';

/** Shorter waits where a scenario has them, so the suite stays quick; the facts do not depend on them. */
const quick: Record<string, Record<string, unknown>> = {
  daemon: { mainSleep: 3 }, // the daemon needs its ~1 s of work done before main ends, even on a loaded machine
  'join-in-loop': { count: 3 },
  // At the default 0.5 s a loaded 2-core machine sometimes terminates the child before its second
  // grandchild has started (seen under load 20+); more ticks keep the grandchildren printing well after.
  // The facts under test do not depend on these margins.
  orphans: { parentLife: 1, ticks: 10 },
};

const available = new Map<string, boolean>();
for (const d of ['node', 'python'] as const) available.set(d, (await getDriver(d).available()).ok);

const cases = catalogue.flatMap((meta) => meta.drivers.filter((d) => available.get(d)).map((driver) => [meta.id, driver, meta] as const));

describe('every scenario over WebSocket', () => {
  it.each(cases)('%s (%s)', async (id, driver, meta) => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    const params = { ...quick[id] };
    client.send({ type: 'run', scenario: id, driver, params, ref: 'go' });
    const accepted = await client.waitFor<ServerMessage>(withRef('go'));
    expect(accepted).toMatchObject({ type: 'run.accepted', queued: false });
    const runId = (accepted as Extract<ServerMessage, { type: 'run.accepted' }>).runId;
    const events = await client.runEnded(runId);

    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const model = applyEvents(createTimelineModel(), events);
    const verdicts = expectationsFor(meta, { params, driver }).map((e) => ({ id: e.id, ...e.check(model) }));
    // On failure, say which processes the run saw and how it ended: that is where to start looking.
    const story = events
      .filter((e) => e.type === 'process.spawned' || e.type === 'process.exited' || e.type === 'run.ended')
      .map((e) => `${e.type} ${e.pid}${'name' in e ? ` ${e.name}` : ''}${'exitCode' in e ? ` exit ${e.exitCode}` : ''}${'status' in e ? ` ${e.status} ${e.reason}` : ''}`)
      .join('; ');
    expect(verdicts.filter((v) => v.status !== 'pass'), story).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', leftovers: 0 });
    expect(liveTagged([runId])).toEqual([]);

    // The recording holds the same stream.
    const ndjson = (await server.app.inject({ url: `/api/runs/${runId}` })).body;
    const [header, ...lines] = ndjson.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events);
    // …and its header names the CPython that ran a python program.
    expect((JSON.parse(header!) as { host: { python: string | null } }).host.python).toEqual(driver === 'python' ? expect.stringMatching(/^3\.\d+\.\d+$/) : null);
    await client.close();
  });
});
