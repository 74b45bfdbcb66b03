import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface StoredOutcome {
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
}

/** Idempotency-Keys and the answers stored under them. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /**
   * Takes the key's transaction-scoped advisory lock without waiting, and reads what is stored under it,
   * in one statement (one snapshot, taken just before the lock).
   */
  async lockAndRead(scope: string, key: string): Promise<{ locked: boolean; stored: StoredOutcome | null }> {
    const [row] = await this.db.prepared<{ locked: boolean; stored: StoredOutcome | null }>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked,
              (SELECT json_build_object('requestHash', request_hash, 'responseStatus', response_status, 'responseBody', response_body)
                 FROM idempotency_keys WHERE scope = $2 AND key = $3) AS stored`,
      [`${scope}:${key}`, scope, key],
    );
    return row;
  }

  /** Stores an outcome; false when another request stored one under the key meanwhile. */
  async store(scope: string, key: string, requestHash: string, caseId: string, status: number, body: unknown): Promise<boolean> {
    const inserted = await this.db.prepared(
      `INSERT INTO idempotency_keys (scope, key, request_hash, case_id, response_status, response_body)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash, caseId, status, JSON.stringify(body)],
    );
    return inserted.length === 1;
  }

  /** Deletes up to `limit` keys stored before `before`, on the `created_at` index; how many went. */
  async removeStoredBefore(before: Date, limit: number): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2))
       RETURNING 1`,
      [before, limit],
    );
    return rows.length;
  }
}
