import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that hold: when the current stage started (for "deadline near" reminders), reminders
 * written once per case, stage and deadline, the sweep's progress, supervision records (督办) with a
 * public reference, and extension requests (延期). Plus the overdue board's indexes.
 */
export class DeadlinesAndSupervision1764345600000 implements MigrationInterface {
  name = 'DeadlinesAndSupervision1764345600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN stage_started_at timestamptz`);
    await q.query(`UPDATE cases SET stage_started_at = updated_at`);
    await q.query(`ALTER TABLE cases ALTER COLUMN stage_started_at SET NOT NULL, ALTER COLUMN stage_started_at SET DEFAULT now()`);
    // When 80% of the current stage's time is used: the "deadline near" reminder (催办) is due. Kept by a
    // trigger, not a generated column: timestamptz arithmetic is not immutable, and a generated column
    // cannot read another (current_deadline), so the stage deadline is spelled out again.
    await q.query(`ALTER TABLE cases ADD COLUMN near_deadline_at timestamptz`);
    await q.query(`
      CREATE FUNCTION cases_set_near_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        stage_deadline timestamptz := CASE NEW.status
          WHEN 'received'    THEN NEW.dispatch_deadline
          WHEN 'returned'    THEN NEW.dispatch_deadline
          WHEN 'dispatched'  THEN NEW.sign_deadline
          WHEN 'in_progress' THEN NEW.reply_deadline
          WHEN 'replied'     THEN NEW.callback_deadline
        END;
      BEGIN
        NEW.near_deadline_at := NEW.stage_started_at + (stage_deadline - NEW.stage_started_at) * 0.8;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_near_deadline BEFORE INSERT OR UPDATE ON cases
        FOR EACH ROW EXECUTE FUNCTION cases_set_near_deadline()`);
    await q.query(`UPDATE cases SET near_deadline_at = NULL`); // fires the trigger for existing rows
    await q.query(`CREATE INDEX cases_open_near_deadline_idx ON cases (near_deadline_at) WHERE status <> 'closed'`);
    // The overdue board: open cases by their current deadline, overall and per owner (NULL = the centre).
    await q.query(`DROP INDEX cases_open_deadline_idx`);
    await q.query(`CREATE INDEX cases_open_deadline_idx ON cases (current_deadline, id) WHERE status <> 'closed'`);
    await q.query(
      `CREATE INDEX cases_owner_open_deadline_idx ON cases (owner_department_id, current_deadline, id) WHERE status <> 'closed'`,
    );

    await q.query(`
      CREATE TABLE case_reminders (
        case_id     uuid NOT NULL REFERENCES cases(id),
        kind        text NOT NULL CHECK (kind IN ('near', 'overdue', 'supervised')),
        -- the deadline it was about: a new deadline (a new stage, an extension) earns new reminders
        deadline    timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind, deadline)
      )`);

    await q.query(`
      CREATE TABLE sweep_state (
        name     text PRIMARY KEY,
        horizon  timestamptz NOT NULL
      )`);

    await q.query(`CREATE SEQUENCE supervisions_ref_seq`);
    await q.query(`
      CREATE TABLE supervisions (
        id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the public reference (never the tracking code, which with four phone digits opens the case)
        ref                        text NOT NULL UNIQUE,
        case_id                    uuid NOT NULL REFERENCES cases(id),
        source                     text NOT NULL CHECK (source IN ('manual', 'automatic')),
        facts                      text NOT NULL CHECK (length(facts) BETWEEN 1 AND 10000),
        requirement                text NOT NULL CHECK (length(requirement) BETWEEN 1 AND 10000),
        responsible_department_id  uuid REFERENCES departments(id),
        responsible_person         text,
        created_by                 uuid REFERENCES users(id),
        created_at                 timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX supervisions_case_idx ON supervisions (case_id)`);
    await q.query(`CREATE INDEX supervisions_created_idx ON supervisions (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE case_extensions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id         uuid NOT NULL REFERENCES cases(id),
        requested_by    uuid NOT NULL REFERENCES users(id),
        requested_days  integer NOT NULL CHECK (requested_days BETWEEN 1 AND 60),
        reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 10000),
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
        granted_days    integer CHECK (granted_days BETWEEN 1 AND 60),
        decided_by      uuid REFERENCES users(id),
        decided_at      timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'approved') = (granted_days IS NOT NULL)),
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK (granted_days IS NULL OR granted_days <= requested_days)
      )`);
    // One pending request per case, enforced here; the pendingExtension filter uses it too.
    await q.query(`CREATE UNIQUE INDEX case_extensions_one_pending_idx ON case_extensions (case_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX case_extensions_case_idx ON case_extensions (case_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_extensions`);
    await q.query(`DROP TABLE supervisions`);
    await q.query(`DROP SEQUENCE supervisions_ref_seq`);
    await q.query(`DROP TABLE sweep_state`);
    await q.query(`DROP TABLE case_reminders`);
    await q.query(`DROP INDEX cases_owner_open_deadline_idx`);
    await q.query(`DROP INDEX cases_open_deadline_idx`);
    await q.query(`CREATE INDEX cases_open_deadline_idx ON cases (current_deadline) WHERE status <> 'closed'`);
    await q.query(`DROP INDEX cases_open_near_deadline_idx`);
    await q.query(`DROP TRIGGER cases_near_deadline ON cases`);
    await q.query(`DROP FUNCTION cases_set_near_deadline`);
    await q.query(`ALTER TABLE cases DROP COLUMN near_deadline_at, DROP COLUMN stage_started_at`);
  }
}
