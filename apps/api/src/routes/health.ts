import type { FastifyPluginAsync } from 'fastify';

/** `GET /healthz` → `{ok: true}` once the app is ready. Open without a token: it tells nothing. */
export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ ok: true }));
};
