// A worker's `GET /healthz` for probes (it has no web server of its own): 200 while it is registered and
// reaches Redis, 503 with what it lacks otherwise. Everything else is 404.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { HealthReport } from '../routes/health.js';

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(port: number, host: string, report: () => HealthReport): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const health = request.method === 'GET' && path === '/healthz' ? report() : null;
    const body = JSON.stringify(health ?? { code: 'ERR_NOT_FOUND', message: 'Only GET /healthz is served here' });
    response.writeHead(health === null ? 404 : health.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(body);
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
