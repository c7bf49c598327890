// How a failed request is answered: a bad request with the protocol's `{ code, message }` (HttpErrorSchema),
// anything else with ERR_INTERNAL, logged. Set on the root and on the /api plugin: a plugin registered
// before the root's handler keeps Fastify's default one, whose body is not the protocol's.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHttpErrorCode } from '@forkscope/protocol';

export function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) {
    return reply.code(400).send({ code: 'ERR_BAD_REQUEST', message: `Bad request: ${error.message}` });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own codes (FST_ERR_…) are not the protocol's: a client gets one of those.
    return reply.code(error.statusCode).send({ code: isHttpErrorCode(error.code) ? error.code : 'ERR_BAD_REQUEST', message: error.message });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ code: 'ERR_INTERNAL', message: 'The server failed on this request' });
}
