import type { FastifyInstance } from 'fastify';

/** `GET /healthz` → `{ok: true}` once the app is ready. Open without a token: it tells nothing. */
export function registerHealthRoute(app: FastifyInstance): void {
  app.get('/healthz', async () => ({ ok: true }));
}
