// The Host check (DNS rebinding) on every request, whatever its route, 404s included: fastify-plugin lifts
// the hook out of this plugin's context onto the app's.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { checkHost, type AccessPolicy } from '../security/access-policy.js';
import { deny } from '../security/deny.js';

const hostGuard: FastifyPluginAsync<{ policy: AccessPolicy }> = async (app, { policy }) => {
  app.addHook('onRequest', async (request, reply) => {
    const host = checkHost(policy, request.headers.host);
    if (!host.ok) return deny(request, reply, host);
  });
};

export default fp(hostGuard, { fastify: '5.x', name: 'forkscope-host-guard' });
