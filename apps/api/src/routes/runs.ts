// `GET /runs` (recordings and live runs), `GET /runs/:id` (the recording, NDJSON), and
// `GET /runs/:id/trace.json` (Chrome trace event format, opens in Perfetto and chrome://tracing), under
// the /api prefix.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { ApiQuerySchema, ChromeTraceSchema, RunIdParamsSchema, RunSummarySchema } from '@forkscope/protocol';
import type { ForkscopeEvent, RecordingHeader, RunSummary } from '@forkscope/protocol';
import { isValidRunId, type RecordingStore } from '../recordings/recording-store.js';
import type { RunManager } from '../runs/run-manager.js';
import { ERROR_RESPONSES } from './error-responses.js';

export type ChromeTraceConverter = (events: readonly ForkscopeEvent[], header: RecordingHeader) => unknown;

export interface RunRoutesOptions {
  store: RecordingStore;
  manager: RunManager;
  toChromeTrace: ChromeTraceConverter;
}

/** NDJSON text, sent as the file's stream (Fastify serialises no stream). */
const NdjsonSchema = Type.Unsafe<Readable>(Type.String({ description: 'the recording: a header line, then one event per line' }));

export const runRoutes: FastifyPluginAsync<RunRoutesOptions> = async (fastify, { store, manager, toChromeTrace }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/runs', { schema: { querystring: ApiQuerySchema, response: { 200: Type.Array(RunSummarySchema), ...ERROR_RESPONSES } } }, async () => {
    const live = new Map<string, RunSummary>((await manager.live()).map((run) => [run.runId, run]));
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

  app.get(
    '/runs/:id',
    {
      schema: {
        params: RunIdParamsSchema,
        querystring: ApiQuerySchema,
        // 200 is the recording itself, streamed as NDJSON: a header line, then one event per line.
        response: { 200: { content: { 'application/x-ndjson': { schema: NdjsonSchema } } }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isValidRunId(id)) return badId(reply, id);
      const stream = await store.openStream(id);
      if (!stream) return unknown(reply, id);
      return reply.type('application/x-ndjson; charset=utf-8').send(stream);
    },
  );

  app.get(
    '/runs/:id/trace.json',
    { schema: { params: RunIdParamsSchema, querystring: ApiQuerySchema, response: { 200: ChromeTraceSchema, ...ERROR_RESPONSES } } },
    async (request, reply) => {
      const { id } = request.params;
      if (!isValidRunId(id)) return badId(reply, id);
      const recording = await store.read(id);
      if (!recording) return unknown(reply, id);
      return reply
        .header('content-disposition', `attachment; filename="forkscope-${id}.trace.json"`)
        .send(toChromeTrace(recording.events, recording.header) as Static<typeof ChromeTraceSchema>);
    },
  );
};
