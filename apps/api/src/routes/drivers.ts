// `GET /api/drivers`: which drivers this server can run and with what runtime, so the page offers the
// seed's own language first when CPython is there.
import type { FastifyInstance } from 'fastify';
import type { ScenarioCatalogueLike } from '../runs/run-backend.js';

export interface DriverInfo {
  id: 'node' | 'python';
  available: boolean;
  version: string | null;
}

export function registerDriverRoutes(app: FastifyInstance, catalogue: ScenarioCatalogueLike): void {
  app.get('/api/drivers', async (): Promise<DriverInfo[]> => {
    const python = catalogue.runtimeVersion?.('python') ?? null;
    return [
      { id: 'node', available: true, version: process.versions.node },
      { id: 'python', available: python !== null, version: python },
    ];
  });
}
