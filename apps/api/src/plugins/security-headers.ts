// Response headers for every route (fastify-plugin, so they also reach 404s and refusals): a Content
// Security Policy that lets the page load only its own scripts, styles and sockets and never be framed;
// no Referer (the launch URL carries the token once); no MIME sniffing. No HSTS or upgrade-insecure-requests:
// the server speaks plain HTTP on a classroom LAN, where either would break the page.
import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

const securityHeaders: FastifyPluginAsync = async (app) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
};

export default fp(securityHeaders, { fastify: '5.x', name: 'forkscope-security-headers' });
