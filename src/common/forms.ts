import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';

/** The routes that take `application/x-www-form-urlencoded` (Open311's POST, as its clients send it). */
const FORM_ROUTES = new Set(['/open311/v2/:file']);

type Done = (error: Error | null, body?: unknown) => void;
export type FormValue = string | string[] | { [key: string]: FormValue };

/**
 * Parses a form body as Open311 clients write it: `a=1&b=2`, with `attribute[CODE]=v` and
 * `attribute[CODE][]=v1&attribute[CODE][]=v2` as nested values. A key given twice becomes a list (which
 * the DTO then refuses where it wants one text). Never a prototype key.
 */
export function parseForm(text: string): Record<string, FormValue> {
  const body: Record<string, FormValue> = Object.create(null);
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    const keys = path ? [path[1], ...[...path[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])] : [rawKey];
    if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) {
      throw DomainError.invalid(ErrorCode.INVALID_JSON, `The form names a forbidden field: ${rawKey}`);
    }
    let target: Record<string, FormValue> = body;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const nextIsList = keys[i + 1] === '';
      if (key === '' ) return; // `[]`: the list was made by the key before
      if (last || nextIsList) {
        const existing = target[key];
        if (nextIsList) target[key] = [...(Array.isArray(existing) ? existing : []), value];
        else target[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing as string]), value];
        return;
      }
      const child = target[key];
      if (typeof child !== 'object' || Array.isArray(child)) target[key] = Object.create(null) as Record<string, FormValue>;
      target = target[key] as Record<string, FormValue>;
    });
  }
  return body;
}

/** The form parser (Nest's `useBodyParser` signature): only on the routes that take forms; 415 elsewhere. */
export function formParser(req: FastifyRequest, body: Buffer, done: Done): void {
  if (!FORM_ROUTES.has(req.routeOptions.url ?? '')) {
    return done(new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.MULTIPART_NOT_ACCEPTED, 'This route takes a JSON body, not a form'));
  }
  try {
    done(null, parseForm(body.toString('utf8')));
  } catch (error) {
    done(error as Error);
  }
}
