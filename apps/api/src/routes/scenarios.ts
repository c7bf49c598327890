// `GET /scenarios` and `GET /scenarios/:id` under the /api prefix: the catalogue's metadata as plain JSON
// (no functions: each expectation as `{id, text}`), and for one scenario the source of each driver's program.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { ApiQuerySchema, ScenarioDetailSchema, ScenarioIdParamsSchema, ScenarioSummarySchema } from '@forkscope/protocol';
import type { ScenarioCatalogueLike, ScenarioLike } from '../runs/run-backend.js';
import { ERROR_RESPONSES } from './error-responses.js';

export function toPublicScenario(scenario: ScenarioLike): Static<typeof ScenarioSummarySchema> {
  const { expectations, ...rest } = scenario as ScenarioLike & { expectations?: { id: string; text: unknown }[] };
  const plain = JSON.parse(JSON.stringify(rest)) as Static<typeof ScenarioSummarySchema>;
  if (expectations) plain.expectations = expectations.map((e) => ({ id: e.id, text: e.text }));
  return plain;
}

export const scenarioRoutes: FastifyPluginAsync<{ catalogue: ScenarioCatalogueLike }> = async (fastify, { catalogue }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/scenarios', { schema: { querystring: ApiQuerySchema, response: { 200: Type.Array(ScenarioSummarySchema), ...ERROR_RESPONSES } } }, async () =>
    catalogue.list().map(toPublicScenario),
  );

  app.get(
    '/scenarios/:id',
    { schema: { params: ScenarioIdParamsSchema, querystring: ApiQuerySchema, response: { 200: ScenarioDetailSchema, ...ERROR_RESPONSES } } },
    async (request, reply) => {
      const scenario = catalogue.get(request.params.id);
      if (!scenario) {
        return reply.code(404).send({ code: 'ERR_UNKNOWN_SCENARIO', message: `Unknown scenario ${JSON.stringify(request.params.id)}` });
      }
      const sources: Record<string, string> = {};
      for (const driver of scenario.drivers) {
        const source = catalogue.source(scenario, driver);
        if (source !== null) sources[driver] = source;
      }
      return { ...toPublicScenario(scenario), sources };
    },
  );
};
