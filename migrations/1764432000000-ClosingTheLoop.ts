import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing the loop: the department's public answer, the citizen's verdict (callback or online rating),
 * the centre's own closing (answered, not accepted, merged), and the per-department facts the published
 * figures are computed from.
 */
export class ClosingTheLoop1764432000000 implements MigrationInterface {
  name = 'ClosingTheLoop1764432000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN reply_content text CHECK (length(reply_content) BETWEEN 1 AND 10000),
        ADD COLUMN resolution text CHECK (resolution IN ('resolved', 'explained', 'unresolvable')),
        ADD COLUMN replied_at timestamptz,
        ADD COLUMN satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
        ADD COLUMN resolved boolean,
        ADD COLUMN called_back_at timestamptz,
        ADD COLUMN close_reason text CHECK (close_reason IN ('answered', 'not_accepted', 'merged', 'callback', 'rating')),
        ADD COLUMN merged_into_id uuid REFERENCES cases(id),
        ADD CONSTRAINT cases_replied_has_answer CHECK (status <> 'replied' OR (reply_content IS NOT NULL AND resolution IS NOT NULL)),
        ADD CONSTRAINT cases_merged_has_master CHECK ((close_reason = 'merged') = (merged_into_id IS NOT NULL)),
        ADD CONSTRAINT cases_not_merged_into_itself CHECK (merged_into_id <> id)`);
    await q.query(`CREATE INDEX cases_merged_into_idx ON cases (merged_into_id) WHERE merged_into_id IS NOT NULL`);

    // One row per case and department that held it: what the figures (考核) count. Kept up to date by
    // the case workflow in the same transaction as each change.
    await q.query(`
      CREATE TABLE department_case_facts (
        case_id              uuid NOT NULL REFERENCES cases(id),
        department_id        uuid NOT NULL REFERENCES departments(id),
        case_created_at      timestamptz NOT NULL,
        first_dispatched_at  timestamptz NOT NULL,
        sign_deadline        timestamptz,
        signed_at            timestamptz,
        sign_on_time         boolean,
        reply_deadline       timestamptz,
        replied_at           timestamptz,
        reply_on_time        boolean,
        returned             boolean NOT NULL DEFAULT false,
        reopened             boolean NOT NULL DEFAULT false,
        -- when the case last left this department (returned, or passed down); NULL while it holds it
        left_at              timestamptz,
        -- the case's last callback or rating, on the row of the department that owned it at that moment
        satisfaction         text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
        resolved             boolean,
        PRIMARY KEY (case_id, department_id)
      )`);
    await q.query(`CREATE INDEX department_case_facts_period_idx ON department_case_facts (case_created_at)`);
    await q.query(`CREATE INDEX department_case_facts_department_idx ON department_case_facts (department_id, case_created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE department_case_facts`);
    await q.query(`DROP INDEX cases_merged_into_idx`);
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_not_merged_into_itself,
        DROP CONSTRAINT cases_merged_has_master,
        DROP CONSTRAINT cases_replied_has_answer,
        DROP COLUMN merged_into_id,
        DROP COLUMN close_reason,
        DROP COLUMN called_back_at,
        DROP COLUMN resolved,
        DROP COLUMN satisfaction,
        DROP COLUMN replied_at,
        DROP COLUMN resolution,
        DROP COLUMN reply_content`);
  }
}
