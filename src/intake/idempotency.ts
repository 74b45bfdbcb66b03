import { HttpStatus } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { IdempotencyKey } from './idempotency-key.entity';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** A key the client chose for one logical request; `scope` keeps two clients' keys apart. */
export interface IdempotencyRequest {
  scope: string;
  key: string;
  /** Hash of the validated request body: the same key with another body is refused. */
  requestHash: string;
}

/** SHA-256 of a value serialized with sorted keys, so key order in the JSON body does not matter. */
export function hashRequest(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `work` at most once per key, inside the caller's transaction `em`:
 * - a transaction-scoped advisory lock on the key makes a concurrent duplicate answer 409 at once
 *   instead of waiting (the first request is still running);
 * - a stored outcome with the same body is replayed; with another body it is a 422;
 * - otherwise `work` runs and its outcome is stored in the same transaction, so a rollback leaves
 *   neither a case nor a key behind and the retry runs afresh.
 */
export async function runOncePerKey<T>(
  em: EntityManager,
  request: IdempotencyRequest,
  work: () => Promise<{ caseId: string; status: number; body: T }>,
): Promise<StoredResponse<T>> {
  const lockKey = `${request.scope}:${request.key}`;
  const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [lockKey]);
  if (!locked) {
    throw DomainError.conflict('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
  const stored = await em.findOneBy(IdempotencyKey, { scope: request.scope, key: request.key });
  if (stored) {
    if (stored.requestHash !== request.requestHash) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body',
      );
    }
    return { status: stored.responseStatus, body: stored.responseBody as T, replayed: true };
  }
  const outcome = await work();
  await em.insert(IdempotencyKey, {
    scope: request.scope,
    key: request.key,
    requestHash: request.requestHash,
    caseId: outcome.caseId,
    responseStatus: outcome.status,
    responseBody: outcome.body as object,
  });
  return { status: outcome.status, body: outcome.body, replayed: false };
}

export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key + same body → the same response again, never a second case',
};

/** Sends a stored outcome with its own status, marking a replay so clients can tell. */
export function sendStored<T>(res: Response, outcome: StoredResponse<T>): T {
  res.status(outcome.status);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}
