import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { CountingThrottlerStorage } from '../common/counting-throttler-storage';
import type { RateLimitName } from '../common/rate-limit';
import type { Db } from './db';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The limits that guard secrets: counted in PostgreSQL, shared by every instance, so that N instances
 * do not give a password guesser N times the budget. The others (`public`: letters and lookups per
 * address) protect capacity and are counted per instance, in memory, with no round trip. (Failed
 * guesses are counted apart, per account or tracking code and address: FailureCounters.)
 */
export const SHARED_LIMITS: ReadonlySet<RateLimitName> = new Set(['login']);

const CLEAN_UP_MS = 10 * 60_000;
const seconds = (ms: number) => Math.ceil(ms / 1000);

/** Routes each named limit to its counters: shared ones to PostgreSQL (`rate_limit_hit`), the rest to memory. */
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly local = new CountingThrottlerStorage();
  private readonly cleaner: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    // Keys of past windows are of no use; every instance deletes them, which is idempotent and cheap.
    this.cleaner = setInterval(() => void this.cleanUp(), CLEAN_UP_MS);
    this.cleaner.unref();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    if (!SHARED_LIMITS.has(name as RateLimitName)) return this.local.increment(key, ttl, limit, blockDuration);
    const [hit] = await this.db.prepared<{ hits: number; expires_in_ms: number; blocked_for_ms: number }>(
      `SELECT hits, expires_in_ms, blocked_for_ms FROM rate_limit_hit($1, $2, $3, $4)`,
      [`${name}:${key}`, ttl, limit, blockDuration],
    );
    return {
      totalHits: hit.hits,
      timeToExpire: seconds(hit.expires_in_ms),
      isBlocked: hit.blocked_for_ms > 0,
      timeToBlockExpire: seconds(hit.blocked_for_ms),
    };
  }

  onApplicationShutdown(): void {
    clearInterval(this.cleaner);
    this.local.onApplicationShutdown();
  }

  private async cleanUp(): Promise<void> {
    await this.db
      .query(`DELETE FROM rate_limits WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`)
      .catch(() => undefined);
  }
}
