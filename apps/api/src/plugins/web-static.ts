// The pages: the built web app (apps/web/dist) at `/`, with the single-page app's deep links (`/runs/:id`,
// `/live/:id`, and the classroom's `/class/:code` and `/c/:code`) answered by its index.html. Public (they hold no data); a page opened from the launch URL
// with the right `?token=` gets the token as a cookie, so the page's own /api and /ws calls carry it.
// A page that does not exist is answered by app.ts's not-found handler with this app's index.html (404),
// whose not-found page says so and offers the recent runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { checkToken, TOKEN_COOKIE, type AccessPolicy } from '../security/access-policy.js';
import { queryToken } from '../security/presented-token.js';

/** apps/web/dist, from this file in src/plugins (or dist/plugins once built). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export interface WebStaticOptions {
  policy: AccessPolicy;
  /** The built web app; null = none. */
  webDist: string | null;
}

const webStatic: FastifyPluginAsync<WebStaticOptions> = async (app, { policy, webDist }) => {
  app.addHook('onRequest', async (request, reply) => {
    const token = queryToken(request);
    if (policy.token === null || token === null || !checkToken(policy, token).ok) return;
    reply.setCookie(TOKEN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict' });
  });

  if (webDist === null || !existsSync(join(webDist, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply.code(404).type('text/plain; charset=utf-8').send('The web app is not built: run `pnpm --filter @forkscope/web build`, or use `pnpm dev` for the Vite dev server.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDist, prefix: '/' });
  const index = (_request: unknown, reply: { sendFile(file: string): unknown }): unknown => reply.sendFile('index.html');
  const runIdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 128 } } } as const;
  app.get('/runs/:id', { schema: { params: runIdParams } }, index as never);
  app.get('/live/:id', { schema: { params: runIdParams } }, index as never);
  const codeParams = { type: 'object', properties: { code: { type: 'string', maxLength: 16 } } } as const;
  app.get('/class/:code', { schema: { params: codeParams } }, index as never);
  app.get('/c', index as never);
  app.get('/c/:code', { schema: { params: codeParams } }, index as never);
};

export default webStatic;

/** The built app's index.html, for pages that do not exist; null when the app is not built. */
export function readIndexHtml(webDist: string | null): string | null {
  if (webDist === null) return null;
  try {
    return readFileSync(join(webDist, 'index.html'), 'utf8');
  } catch {
    return null;
  }
}
