import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of the rate limits that guard secrets — login attempts per address, lookups per tracking
 * code — shared by every instance (`src/common/rate-limit-storage.ts`): counted per instance, N
 * instances would give a guesser N times the budget. One row per key and fixed window; a key past its
 * limit is blocked for the block duration, then starts a fresh window. `rate_limit_hit` counts one hit
 * under the row's lock, so concurrent hits on any instance are all counted.
 */
export class SharedRateLimits1764864000000 implements MigrationInterface {
  name = 'SharedRateLimits1764864000000';

  public async up(q: QueryRunner): Promise<void> {
    // UNLOGGED: counters need no crash safety or replication, and a lookup then writes no WAL and waits
    // for no flush at commit (a citizen's lookup would otherwise cost a durable write).
    await q.query(`
      CREATE UNLOGGED TABLE rate_limits (
        key             text PRIMARY KEY,
        hits            integer NOT NULL,
        window_ends_at  timestamptz NOT NULL,
        blocked_until   timestamptz
      )`);
    await q.query(`CREATE INDEX rate_limits_window_idx ON rate_limits (window_ends_at)`);
    await q.query(`
      CREATE FUNCTION rate_limit_hit(p_key text, p_window_ms integer, p_limit integer, p_block_ms integer,
                                     OUT hits integer, OUT expires_in_ms integer, OUT blocked_for_ms integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        r rate_limits;
        at timestamptz := clock_timestamp();
      BEGIN
        -- Creates the row or takes the existing one, locked, in one step (a cleanup cannot slip in between).
        INSERT INTO rate_limits AS l (key, hits, window_ends_at) VALUES (p_key, 0, at)
          ON CONFLICT (key) DO UPDATE SET key = l.key
          RETURNING * INTO r;
        IF r.blocked_until IS NULL OR r.blocked_until <= at THEN
          IF r.window_ends_at <= at OR r.blocked_until IS NOT NULL THEN
            r.hits := 0;
            r.window_ends_at := at + p_window_ms * interval '1 millisecond';
            r.blocked_until := NULL;
          END IF;
          r.hits := r.hits + 1;
          IF r.hits > p_limit THEN
            r.blocked_until := CASE WHEN p_block_ms > 0 THEN at + p_block_ms * interval '1 millisecond' ELSE r.window_ends_at END;
          END IF;
          UPDATE rate_limits SET hits = r.hits, window_ends_at = r.window_ends_at, blocked_until = r.blocked_until
           WHERE key = p_key;
        END IF;
        hits := r.hits;
        expires_in_ms := greatest(0, ceil(extract(epoch FROM r.window_ends_at - at) * 1000))::integer;
        blocked_for_ms := CASE WHEN r.blocked_until > at
                               THEN ceil(extract(epoch FROM r.blocked_until - at) * 1000)::integer ELSE 0 END;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rate_limit_hit(text, integer, integer, integer)`);
    await q.query(`DROP TABLE rate_limits`);
  }
}
