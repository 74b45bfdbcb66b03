import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the live feed needs from the timeline.
 *
 * 1. Each event records the co-handling departments (协办) in effect at that moment — before and after
 *    it — so that who receives it is decided by the event itself: the same for live delivery and for a
 *    replay a day later, and including the event that ends a department's co-handling (a return clears
 *    them). Events written before this migration record none.
 *
 * 2. The relay's invariant, enforced by the database: a timeline event is never its transaction's first
 *    write. The case row is written first, so the transaction already holds a transaction id when the
 *    event draws its `seq`; the relay relies on that to tell a hole in `seq` that a running transaction
 *    may still fill from one that was rolled back (see `src/live/relay-position.ts`). It also relies on
 *    the identity sequence handing out values in order across sessions: its CACHE must stay 1.
 */
export class LiveTimeline1764518400000 implements MigrationInterface {
  name = 'LiveTimeline1764518400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN co_department_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE FUNCTION case_events_follow_a_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NULL THEN
          RAISE EXCEPTION 'a case event must follow a write of its case in the same transaction (the live relay relies on it)'
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_follow_a_write BEFORE INSERT ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_follow_a_write()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_follow_a_write ON case_events`);
    await q.query(`DROP FUNCTION case_events_follow_a_write`);
    await q.query(`ALTER TABLE case_events DROP COLUMN co_department_ids`);
  }
}
