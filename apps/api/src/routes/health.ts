import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HealthSchema } from '@forkscope/protocol';

/** `GET /healthz` → `{ok: true}` once the app is ready. Open without a token: it tells nothing. */
export const healthRoute: FastifyPluginAsync = async (fastify) => {
  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/healthz', { schema: { response: { 200: HealthSchema } } }, async () => ({ ok: true as const }));
};
