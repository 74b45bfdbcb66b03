import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Case } from '../cases/case.entity';
import { isKeyStoredMeanwhile, type KeyClaim, type StoredKey } from '../cases/cases.repository';
import { DomainError, ErrorCode } from '../common/domain-error';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
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

/** What a request's work did with its key: a case born, or the key refused (`CasesRepository.insertCase`). */
export type Claimed = { created: Case } | { keyInUse: true } | { keyStored: StoredKey };

const inUse = () => DomainError.conflict(ErrorCode.IDEMPOTENCY_KEY_IN_USE, 'A request with this Idempotency-Key is still being processed; retry shortly');

/**
 * Runs a request that creates a case at most once per Idempotency-Key when there is one. The work
 * claims the key in the very statement that writes the case (`CasesRepository.insertCase`), so a plain
 * intake needs no transaction of its own, and:
 * - a request with the same key still running holds the key's lock: 409 at once instead of waiting;
 * - a key used before with the same request replays: the case it created, rendered as it is now (the
 *   same case, never a second); with another request it is a 422;
 * - a rollback leaves neither a case nor a key behind, and the retry runs afresh;
 * - a request with the same key that committed after this one's snapshot wins: this one runs again and
 *   replays it.
 */
@Injectable()
export class Idempotency {
  async once<T>(
    claim: KeyClaim | null,
    work: () => Promise<Claimed>,
    respond: { created: (c: Case) => T; replay: (caseId: string) => Promise<T> },
  ): Promise<StoredResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      let claimed: Claimed;
      try {
        claimed = await work();
      } catch (error) {
        if (!isKeyStoredMeanwhile(error)) throw error;
        if (attempt === 2) throw inUse();
        continue;
      }
      if ('created' in claimed) return { status: HttpStatus.CREATED, body: respond.created(claimed.created), replayed: false };
      if ('keyInUse' in claimed) throw inUse();
      if (claimed.keyStored.requestHash !== claim?.requestHash) {
        throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used with a different request body');
      }
      return { status: HttpStatus.CREATED, body: await respond.replay(claimed.keyStored.caseId), replayed: true };
    }
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
