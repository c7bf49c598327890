import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HealthSchema } from '@forkscope/protocol';

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthOptions {
  /** What a cluster node reports (cluster/public-health.ts); without it, ready means healthy. */
  report?: () => HealthReport;
}

/**
 * `GET /healthz` → `{ok: true}` once the app is ready. Open without a token: it tells nothing beyond whether
 * the server can serve, and, for a cluster node, what it lacks (503 while it cannot reach Redis).
 */
export const healthRoute: FastifyPluginAsync<HealthOptions> = async (fastify, { report }) => {
  const schema = { response: { 200: HealthSchema, 503: HealthSchema } };
  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/healthz', { schema }, async (_request, reply) => {
    if (!report) return { ok: true };
    const health = report();
    return reply.code(health.ok ? 200 : 503).send(health);
  });
};
