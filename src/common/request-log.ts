import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per request: id, method, path (never the query string), status, time. No headers, no
 * bodies — nothing that could hold a password, a token or a phone number. Written from Fastify's own
 * `onResponse` hook: no middleware runs per request.
 */
export function logRequests(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onResponse', async (req, reply) => {
    log.info(
      {
        req: { id: req.id, method: req.method, path: req.url.split('?')[0] },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
}
