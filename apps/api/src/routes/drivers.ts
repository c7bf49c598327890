// `GET /drivers` under the /api prefix: which drivers this server can run and with what runtime, so the
// page offers the seed's own language first when CPython is there.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as Type from '@sinclair/typebox/type';
import { ApiQuerySchema, DriverInfoSchema } from '@forkscope/protocol';
import type { ScenarioCatalogueLike } from '../runs/run-backend.js';
import { ERROR_RESPONSES } from './error-responses.js';

export type { DriverInfo } from '@forkscope/protocol';

export const driverRoutes: FastifyPluginAsync<{ catalogue: ScenarioCatalogueLike }> = async (fastify, { catalogue }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/drivers', { schema: { querystring: ApiQuerySchema, response: { 200: Type.Array(DriverInfoSchema), ...ERROR_RESPONSES } } }, async () => {
    const python = catalogue.runtimeVersion?.('python') ?? null;
    return [
      { id: 'node' as const, available: true, version: process.versions.node },
      { id: 'python' as const, available: python !== null, version: python },
    ];
  });
};
