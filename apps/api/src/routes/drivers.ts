// `GET /drivers` under the /api prefix: which drivers this server can run and with what runtime, so the
// page offers the seed's own language first when CPython is there.
import type { FastifyPluginAsync } from 'fastify';
import type { ScenarioCatalogueLike } from '../runs/run-backend.js';

export interface DriverInfo {
  id: 'node' | 'python';
  available: boolean;
  version: string | null;
}

export const driverRoutes: FastifyPluginAsync<{ catalogue: ScenarioCatalogueLike }> = async (app, { catalogue }) => {
  app.get('/drivers', async (): Promise<DriverInfo[]> => {
    const python = catalogue.runtimeVersion?.('python') ?? null;
    return [
      { id: 'node', available: true, version: process.versions.node },
      { id: 'python', available: python !== null, version: python },
    ];
  });
};
