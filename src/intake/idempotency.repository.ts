import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

/** Idempotency-Keys and the cases they stand for (claimed with the case: `CasesRepository.insertCase`). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

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
