// `/api`, an encapsulated plugin registered with `prefix: '/api'`: its token hook covers every route in
// it, and its 404s, whatever spelling of the path the router decoded to reach them.
import type { FastifyPluginAsync } from 'fastify';
import type { RecordingStore } from '../recordings/recording-store.js';
import type { RunManager } from '../runs/run-manager.js';
import type { ScenarioCatalogueLike } from '../runs/run-backend.js';
import { answerError } from '../routes/answer-error.js';
import { driverRoutes } from '../routes/drivers.js';
import { runRoutes, type ChromeTraceConverter } from '../routes/runs.js';
import { scenarioRoutes } from '../routes/scenarios.js';
import type { AccessPolicy } from '../security/access-policy.js';
import { requireToken } from '../security/require-token.js';

export interface ApiRoutesOptions {
  policy: AccessPolicy;
  catalogue: ScenarioCatalogueLike;
  store: RecordingStore;
  manager: RunManager;
  toChromeTrace: ChromeTraceConverter;
}

const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', requireToken(options.policy));
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ code: 'ERR_NOT_FOUND', message: `No API route ${request.method} ${JSON.stringify(request.url.slice(0, 120))}` });
  });
  await app.register(scenarioRoutes, { catalogue: options.catalogue });
  await app.register(driverRoutes, { catalogue: options.catalogue });
  await app.register(runRoutes, { store: options.store, manager: options.manager, toChromeTrace: options.toChromeTrace });
};

export default apiRoutes;
