import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';

/** The largest JSON body (CONTRACT.md: 1 MB; more is a 413). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** Deeper JSON is refused before it is parsed: deep nesting costs the parser its stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply `text` nests arrays and objects, counted without parsing it (brackets inside strings do
 * not count). Stops counting once past `limit`.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The JSON body parser: an empty body is no body, a body nested deeper than MAX_JSON_DEPTH is a 400
 * before it becomes objects, and the rest goes to Fastify's own parser (which refuses `__proto__` and
 * `constructor` keys).
 */
export function guardedJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req: FastifyRequest, body: Buffer, done: Done): void => {
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      return done(DomainError.invalid(ErrorCode.JSON_TOO_DEEP, `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`));
    }
    parse(req, text, (error, value) => {
      if (error) return done(DomainError.invalid(ErrorCode.INVALID_JSON, 'The request body is not valid JSON'));
      done(null, value);
    });
  };
}
