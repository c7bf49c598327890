// Serves the built web app (apps/web/dist) at `/`, with the single-page app's deep links
// (`/runs/:id`, `/live/:id`) answered by its index.html, and unknown pages by the app's not-found page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** apps/web/dist, from this file in src/plugins (or dist/plugins once built). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export async function registerWebStatic(app: FastifyInstance, webDist: string | null): Promise<void> {
  if (webDist === null || !existsSync(join(webDist, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply.code(404).type('text/plain; charset=utf-8').send('The web app is not built: run `pnpm --filter @forkscope/web build`, or use `pnpm dev` for the Vite dev server.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDist, prefix: '/' });
  const index = (_request: unknown, reply: { sendFile(file: string): unknown }): unknown => reply.sendFile('index.html');
  app.get('/runs/:id', index as never);
  app.get('/live/:id', index as never);
  // A page that does not exist still gets the app (status 404), which says so and offers the recent runs;
  // the API and anything not asking for a page keep a coded JSON answer.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const api = path === '/api' || path.startsWith('/api/') || path === '/ws';
    if (request.method === 'GET' && !api && (request.headers.accept ?? '').includes('text/html')) {
      return reply.code(404).sendFile('index.html');
    }
    return reply.code(404).send({ code: 'ERR_NOT_FOUND', message: `No route ${request.method} ${path.slice(0, 200)}` });
  });
}
