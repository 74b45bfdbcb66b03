import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotspots (热点): a spike of one category in one county-level region, detected on a sliding window
 * against the same clock-time window of the previous days.
 *
 * - `hotspot_policy`: one row, edited by an admin (audited like every administered table).
 * - `hotspots`: one row per spike; at most one active per category × region (a partial unique index),
 *   which is what makes a detection happen once however many instances detect at the same moment.
 * - `hotspot_cases`: the cases that made or joined each hotspot.
 * - `cases_created_keys_idx`: the detector reads the last window and the same clock-time window of
 *   each of the previous 28 days as 29 ranges of this index, index-only (it carries the category, the
 *   region, the channel and the id), so a run costs what 29 two-hour windows of the city's calls hold —
 *   never more as the table grows. The overview reads the day and the same weekdays from it too.
 */
export class Hotspots1766500100000 implements MigrationInterface {
  name = 'Hotspots1766500100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hotspot_policy (
        scope           text PRIMARY KEY DEFAULT 'city' CHECK (scope = 'city'),
        window_minutes  integer NOT NULL DEFAULT 120 CHECK (window_minutes BETWEEN 10 AND 1440),
        threshold       integer NOT NULL DEFAULT 5 CHECK (threshold BETWEEN 2 AND 100000),
        sigmas          double precision NOT NULL DEFAULT 3 CHECK (sigmas BETWEEN 0 AND 10),
        history_days    integer NOT NULL DEFAULT 28 CHECK (history_days BETWEEN 1 AND 90),
        enabled         boolean NOT NULL DEFAULT true,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO hotspot_policy DEFAULT VALUES`);
    await q.query(`
      CREATE TRIGGER hotspot_policy_admin_audit AFTER INSERT OR UPDATE OR DELETE ON hotspot_policy
        FOR EACH ROW EXECUTE FUNCTION admin_audit_record('scope')`);

    await q.query(`
      CREATE TABLE hotspots (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category_code   text NOT NULL,
        region_code     text NOT NULL,
        status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
        window_start    timestamptz NOT NULL,
        window_end      timestamptz NOT NULL,
        window_minutes  integer NOT NULL CHECK (window_minutes > 0),
        count           integer NOT NULL CHECK (count >= 0),
        baseline        double precision NOT NULL,
        spread          double precision NOT NULL,
        threshold       double precision NOT NULL,
        detected_at     timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        ended_at        timestamptz,
        CHECK ((status = 'ended') = (ended_at IS NOT NULL)),
        CHECK (window_end >= window_start)
      )`);
    await q.query(`CREATE UNIQUE INDEX hotspots_one_active_idx ON hotspots (category_code, region_code) WHERE status = 'active'`);
    await q.query(`CREATE INDEX hotspots_detected_idx ON hotspots (detected_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE hotspot_cases (
        hotspot_id  uuid NOT NULL REFERENCES hotspots (id),
        case_id     uuid NOT NULL REFERENCES cases (id),
        joined_at   timestamptz NOT NULL,
        PRIMARY KEY (hotspot_id, case_id)
      )`);
    await q.query(`CREATE INDEX hotspot_cases_case_idx ON hotspot_cases (case_id)`);
    await q.query(`CREATE INDEX cases_created_keys_idx ON cases (created_at) INCLUDE (category_code, region_code, channel, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_created_keys_idx`);
    await q.query(`DROP TABLE hotspot_cases`);
    await q.query(`DROP TABLE hotspots`);
    await q.query(`DROP TABLE hotspot_policy`);
  }
}
