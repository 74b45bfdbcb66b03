import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the extension rules need, on the case row: whether a request waits, and how many were granted.
 * The state machine's guards read them from the case alone, both when an action is called and when the
 * case lists the actions its reader may take (`allowedActions`), without reading `case_extensions`.
 */
export class ExtensionCounters1764950400000 implements MigrationInterface {
  name = 'ExtensionCounters1764950400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN extension_pending boolean NOT NULL DEFAULT false,
        ADD COLUMN extensions_approved integer NOT NULL DEFAULT 0 CHECK (extensions_approved >= 0)`);
    await q.query(`
      UPDATE cases c SET extension_pending = x.pending, extensions_approved = x.approved
        FROM (SELECT case_id, bool_or(status = 'pending') AS pending, count(*) FILTER (WHERE status = 'approved')::int AS approved
                FROM case_extensions GROUP BY case_id) x
       WHERE x.case_id = c.id`);
    await q.query(`CREATE INDEX cases_extension_pending_idx ON cases (created_at, id) WHERE extension_pending`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_extension_pending_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN extensions_approved, DROP COLUMN extension_pending`);
  }
}
