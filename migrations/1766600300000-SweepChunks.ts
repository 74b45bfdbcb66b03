import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline sweep in chunks.
 *
 * A sweep now commits every few thousand cases, and each chunk moves its kind's horizon to the last case
 * it handled. Many cases share one deadline (every "within N working days" ends at 23:59:59), so the
 * horizon is a position in (deadline, case id) order, not a time alone: `horizon_id` is the last case
 * handled at `horizon` (NULL: every case at `horizon` was handled). The near-deadline index gets the id
 * as its second column, as the current-deadline index has, so a chunk is one index range scan.
 */
export class SweepChunks1766600300000 implements MigrationInterface {
  name = 'SweepChunks1766600300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep_state ADD COLUMN horizon_id uuid`);
    await q.query(`CREATE INDEX cases_open_near_deadline_id_idx ON cases (near_deadline_at, id) WHERE status <> 'closed'`);
    await q.query(`DROP INDEX cases_open_near_deadline_idx`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_open_near_deadline_idx ON cases (near_deadline_at) WHERE status <> 'closed'`);
    await q.query(`DROP INDEX cases_open_near_deadline_id_idx`);
    await q.query(`ALTER TABLE sweep_state DROP COLUMN horizon_id`);
  }
}
