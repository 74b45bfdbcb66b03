import { Injectable } from '@nestjs/common';
import { Db } from './db';

/** A counter of failures: `limit` failures in a window of `windowMs` block the next attempts for `blockMs`. */
export interface FailureLimit {
  key: string;
  windowMs: number;
  limit: number;
  blockMs: number;
}

/**
 * Counts failed attempts at a secret (a password, a case's verification), in PostgreSQL so every
 * instance shares the count (`rate_limits`, `rate_limit_hit`: one row per key and window). Only
 * failures count: someone who knows the secret is never slowed down by someone who does not.
 */
@Injectable()
export class FailureCounters {
  constructor(private readonly db: Db) {}

  /** Seconds until none of `keys` is blocked any more; 0 when none is. */
  async retryAfter(keys: string[]): Promise<number> {
    const [{ seconds }] = await this.db.prepared<{ seconds: number }>(
      `SELECT coalesce(ceil(extract(epoch FROM max(blocked_until) - clock_timestamp())), 0)::int AS seconds
         FROM rate_limits WHERE key = ANY($1) AND blocked_until > clock_timestamp()`,
      [keys],
    );
    return Math.max(0, seconds);
  }

  /** Counts one failure on each counter; the seconds until all of them would let the next attempt in. */
  async fail(limits: FailureLimit[]): Promise<number> {
    let wait = 0;
    for (const { key, windowMs, limit, blockMs } of limits) {
      // rate_limit_hit blocks once the hits exceed its limit: the `limit`-th failure blocks the next attempt.
      const [hit] = await this.db.prepared<{ blocked_for_ms: number }>(`SELECT blocked_for_ms FROM rate_limit_hit($1, $2, $3, $4)`, [
        key,
        windowMs,
        limit - 1,
        blockMs,
      ]);
      wait = Math.max(wait, Math.ceil(hit.blocked_for_ms / 1000));
    }
    return wait;
  }

  /** Forgets the failures of a key (a successful login). */
  async clear(key: string): Promise<void> {
    await this.db.prepared(`DELETE FROM rate_limits WHERE key = $1`, [key]);
  }
}
