import { MigrationInterface, QueryRunner } from 'typeorm';

const STAGE_DEADLINE = `CASE status
    WHEN 'received'    THEN dispatch_deadline
    WHEN 'returned'    THEN dispatch_deadline
    WHEN 'dispatched'  THEN sign_deadline
    WHEN 'in_progress' THEN reply_deadline
    WHEN 'replied'     THEN callback_deadline
  END`;

/**
 * Fair clocks.
 *
 * Return review (派单异议审核): the centre may refuse a department's return; the case goes back as it was,
 * and that department may not return it again (`returns_refused_to`). The figures count returns as
 * numbers now, so a refused one can be taken back: `returns` (returns that stood) and `returns_refused`
 * replace the `returned` flag.
 *
 * Pauses (挂起): while a case is paused its stage has no deadline — `current_deadline` is NULL, so it is
 * neither overdue nor reminded, and no overdue board or sweep sees it — and on resume its reply deadline
 * moves by the paused time. `case_pauses` keeps every request and its decision; the case row keeps what
 * the rules need (a pending request, how many were approved, since when it is paused, until when).
 */
export class FairClocks1765209600000 implements MigrationInterface {
  name = 'FairClocks1765209600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN returns_refused_to uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN pause_pending boolean NOT NULL DEFAULT false,
        ADD COLUMN pauses_approved integer NOT NULL DEFAULT 0 CHECK (pauses_approved >= 0),
        ADD COLUMN paused_at timestamptz,
        ADD COLUMN pause_until timestamptz,
        ADD COLUMN paused_seconds double precision NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
        ADD CONSTRAINT cases_paused_in_progress CHECK (paused_at IS NULL OR status = 'in_progress'),
        ADD CONSTRAINT cases_pause_until_when_paused CHECK (pause_until IS NULL OR paused_at IS NOT NULL)`);

    // current_deadline: none while paused. A generated column's expression cannot be altered: rebuilt,
    // with the indexes that read it.
    await q.query(`DROP INDEX cases_open_deadline_idx`);
    await q.query(`DROP INDEX cases_owner_open_deadline_idx`);
    await q.query(`DROP INDEX cases_open_created_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN current_deadline`);
    await q.query(`
      ALTER TABLE cases ADD COLUMN current_deadline timestamptz GENERATED ALWAYS AS (
        CASE WHEN paused_at IS NOT NULL THEN NULL ELSE ${STAGE_DEADLINE} END) STORED`);
    await q.query(`CREATE INDEX cases_open_deadline_idx ON cases (current_deadline, id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_owner_open_deadline_idx ON cases (owner_department_id, current_deadline, id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_open_created_idx ON cases (created_at) INCLUDE (owner_department_id, current_deadline) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_pause_until_idx ON cases (pause_until) WHERE paused_at IS NOT NULL AND pause_until IS NOT NULL`);
    await q.query(`CREATE INDEX cases_pause_pending_idx ON cases (created_at, id) WHERE pause_pending`);

    await q.query(`
      CREATE OR REPLACE FUNCTION cases_set_near_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        stage_deadline timestamptz := CASE NEW.status
          WHEN 'received'    THEN NEW.dispatch_deadline
          WHEN 'returned'    THEN NEW.dispatch_deadline
          WHEN 'dispatched'  THEN NEW.sign_deadline
          WHEN 'in_progress' THEN NEW.reply_deadline
          WHEN 'replied'     THEN NEW.callback_deadline
        END;
      BEGIN
        NEW.near_deadline_at := CASE WHEN NEW.paused_at IS NOT NULL THEN NULL
                                     ELSE NEW.stage_started_at + (stage_deadline - NEW.stage_started_at) * 0.8 END;
        RETURN NEW;
      END $$`);

    await q.query(`
      CREATE TABLE case_pauses (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id       uuid NOT NULL REFERENCES cases(id),
        requested_by  uuid NOT NULL REFERENCES users(id),
        reason        text NOT NULL CHECK (reason IN ('awaiting_citizen', 'legal_proceedings', 'other_authority', 'other')),
        note          text NOT NULL CHECK (length(note) BETWEEN 1 AND 10000),
        until         timestamptz,
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'ended')),
        decided_by    uuid REFERENCES users(id),
        decided_at    timestamptz,
        started_at    timestamptz,
        ended_at      timestamptz,
        created_at    timestamptz NOT NULL,
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK ((status IN ('approved', 'ended')) = (started_at IS NOT NULL)),
        CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX case_pauses_one_open_idx ON case_pauses (case_id) WHERE status IN ('pending', 'approved')`);
    await q.query(`CREATE INDEX case_pauses_case_idx ON case_pauses (case_id, created_at)`);

    await q.query(`
      ALTER TABLE department_case_facts
        ADD COLUMN returns integer NOT NULL DEFAULT 0 CHECK (returns >= 0),
        ADD COLUMN returns_refused integer NOT NULL DEFAULT 0 CHECK (returns_refused >= 0),
        ADD COLUMN paused_seconds double precision NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0)`);
    await q.query(`UPDATE department_case_facts SET returns = 1 WHERE returned`);
    await q.query(`ALTER TABLE department_case_facts DROP COLUMN returned`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE department_case_facts ADD COLUMN returned boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE department_case_facts SET returned = returns > 0`);
    await q.query(`ALTER TABLE department_case_facts DROP COLUMN returns, DROP COLUMN returns_refused, DROP COLUMN paused_seconds`);
    await q.query(`DROP TABLE case_pauses`);
    await q.query(`DROP INDEX cases_pause_pending_idx`);
    await q.query(`DROP INDEX cases_pause_until_idx`);
    await q.query(`DROP INDEX cases_open_created_idx`);
    await q.query(`DROP INDEX cases_owner_open_deadline_idx`);
    await q.query(`DROP INDEX cases_open_deadline_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN current_deadline`);
    await q.query(`ALTER TABLE cases ADD COLUMN current_deadline timestamptz GENERATED ALWAYS AS (${STAGE_DEADLINE}) STORED`);
    await q.query(`CREATE INDEX cases_open_deadline_idx ON cases (current_deadline, id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_owner_open_deadline_idx ON cases (owner_department_id, current_deadline, id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_open_created_idx ON cases (created_at) INCLUDE (owner_department_id, current_deadline) WHERE status <> 'closed'`);
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_pause_until_when_paused,
        DROP CONSTRAINT cases_paused_in_progress,
        DROP COLUMN paused_seconds, DROP COLUMN pause_until, DROP COLUMN paused_at, DROP COLUMN pauses_approved,
        DROP COLUMN pause_pending, DROP COLUMN returns_refused_to`);
  }
}
