// `GET /api/runs` (recordings and live runs), `GET /api/runs/:id` (the recording, NDJSON), and
// `GET /api/runs/:id/trace.json` (Chrome trace event format, opens in Perfetto and chrome://tracing).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ForkscopeEvent, RecordingHeader, RunSummary } from '@forkscope/protocol';
import { isValidRunId, type RecordingStore } from '../recordings/recording-store.js';
import type { RunManager } from '../runs/run-manager.js';

export type ChromeTraceConverter = (events: readonly ForkscopeEvent[], header: RecordingHeader) => unknown;

export function registerRunRoutes(
  app: FastifyInstance,
  deps: { store: RecordingStore; manager: RunManager; toChromeTrace: ChromeTraceConverter },
): void {
  const { store, manager } = deps;

  app.get('/api/runs', async () => {
    const live = new Map<string, RunSummary>(manager.live().map((run) => [run.runId, run]));
    const recorded: RunSummary[] = (await store.list()).map((run) => live.get(run.runId) ?? run);
    const listed = new Set(recorded.map((run) => run.runId));
    // Queued runs have no recording yet.
    const queued = [...live.values()].filter((run) => !listed.has(run.runId));
    return [...queued, ...recorded];
  });

  const badId = (reply: FastifyReply, id: string): FastifyReply =>
    reply.code(400).send({ code: 'ERR_BAD_RUN_ID', message: `Run id ${JSON.stringify(id.slice(0, 80))} is not a run id (letters, digits, \`-\`, \`_\`)` });
  const unknown = (reply: FastifyReply, id: string): FastifyReply =>
    reply.code(404).send({ code: 'ERR_UNKNOWN_RUN', message: `No recording of run "${id}"` });

  app.get<{ Params: { id: string } }>('/api/runs/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isValidRunId(id)) return badId(reply, id);
    const stream = await store.openStream(id);
    if (!stream) return unknown(reply, id);
    return reply.type('application/x-ndjson; charset=utf-8').send(stream);
  });

  app.get<{ Params: { id: string } }>('/api/runs/:id/trace.json', async (request, reply) => {
    const { id } = request.params;
    if (!isValidRunId(id)) return badId(reply, id);
    const recording = await store.read(id);
    if (!recording) return unknown(reply, id);
    return reply
      .header('content-disposition', `attachment; filename="forkscope-${id}.trace.json"`)
      .send(deps.toChromeTrace(recording.events, recording.header));
  });
}
