// `GET /scenarios` and `GET /scenarios/:id` under the /api prefix: the catalogue's metadata as plain JSON
// (no functions: each expectation as `{id, text}`), and for one scenario the source of each driver's program.
import type { FastifyPluginAsync } from 'fastify';
import type { ScenarioCatalogueLike, ScenarioLike } from '../runs/run-backend.js';

export function toPublicScenario(scenario: ScenarioLike): Record<string, unknown> {
  const { expectations, ...rest } = scenario as ScenarioLike & { expectations?: { id: string; text: unknown }[] };
  const plain = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  if (expectations) plain.expectations = expectations.map((e) => ({ id: e.id, text: e.text }));
  return plain;
}

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } as const;

export const scenarioRoutes: FastifyPluginAsync<{ catalogue: ScenarioCatalogueLike }> = async (app, { catalogue }) => {
  app.get('/scenarios', async () => catalogue.list().map(toPublicScenario));

  app.get<{ Params: { id: string } }>('/scenarios/:id', { schema: { params: idParams } }, async (request, reply) => {
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
  });
};
