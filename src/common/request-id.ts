import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's correlation id (Fastify's `genReqId`): the caller's X-Request-Id when it looks sane,
 * otherwise a new one. Kept on the raw request too, where the request log reads it; echoed on the
 * response by a hook.
 */
export function requestId(req: IncomingMessage): string {
  if (req.id) return String(req.id);
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}
