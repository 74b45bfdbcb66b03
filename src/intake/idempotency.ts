import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import { IdempotencyRepository } from './idempotency.repository';

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

/** What `work` produced: the case it created and the answer to give (and to replay). */
export interface Outcome<T> {
  caseId: string;
  status: number;
  body: T;
}

/** Another request with the same key committed between this one's read and its write: try again. */
class StoredMeanwhile extends Error {}

const inUse = () => DomainError.conflict(ErrorCode.IDEMPOTENCY_KEY_IN_USE, 'A request with this Idempotency-Key is still being processed; retry shortly');

/**
 * Runs a request's work in a transaction, at most once per Idempotency-Key when there is one:
 * - a transaction-scoped advisory lock on the key makes a concurrent duplicate answer 409 at once
 *   instead of waiting (the first request is still running);
 * - a stored outcome with the same body is replayed; with another body it is a 422;
 * - otherwise the work runs and its outcome is stored in the same transaction, so a rollback leaves
 *   neither a case nor a key behind and the retry runs afresh.
 * The lock and the read are one statement, so one snapshot, taken just before the lock: a duplicate
 * that committed in between is not seen, and it is the primary key that stops the second case — this
 * transaction rolls back and runs again, and then replays.
 */
@Injectable()
export class Idempotency {
  constructor(
    private readonly db: Db,
    private readonly keys: IdempotencyRepository,
  ) {}

  async once<T>(request: IdempotencyRequest | null, work: () => Promise<Outcome<T>>): Promise<StoredResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async () => (request ? this.runOnce(request, work) : { ...(await work()), replayed: false }));
      } catch (error) {
        if (!(error instanceof StoredMeanwhile)) throw error;
        if (attempt === 2) throw inUse();
      }
    }
  }

  private async runOnce<T>(request: IdempotencyRequest, work: () => Promise<Outcome<T>>): Promise<StoredResponse<T>> {
    const { locked, stored } = await this.keys.lockAndRead(request.scope, request.key);
    if (!locked) throw inUse();
    if (stored) {
      if (stored.requestHash !== request.requestHash) {
        throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used with a different request body');
      }
      return { status: stored.responseStatus, body: stored.responseBody as T, replayed: true };
    }
    const outcome = await work();
    if (!(await this.keys.store(request.scope, request.key, request.requestHash, outcome.caseId, outcome.status, outcome.body))) {
      throw new StoredMeanwhile();
    }
    return { ...outcome, replayed: false };
  }
}

export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key + same body → the same response again, never a second case',
};

/** Sends a stored outcome with its own status, marking a replay so clients can tell. */
export function sendStored<T>(res: FastifyReply, outcome: StoredResponse<T>): T {
  res.status(outcome.status);
  if (outcome.replayed) res.header('Idempotent-Replayed', 'true');
  return outcome.body;
}
