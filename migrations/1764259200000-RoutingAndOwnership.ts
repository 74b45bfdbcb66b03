import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ownership (谁主管谁负责): who a case was dispatched to and when, whether a supervisor's choice of owner
 * is final, the routing suggestion for the centre's queue, and co-handling departments (协办).
 */
export class RoutingAndOwnership1764259200000 implements MigrationInterface {
  name = 'RoutingAndOwnership1764259200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        -- the department the centre (or a supervisor) dispatched to: it stays accountable when it passes
        -- the case down to a child unit, and a return from that department goes back to the centre
        ADD COLUMN accountable_department_id uuid REFERENCES departments(id),
        -- when the current owner received it: a department may return a case only shortly after
        ADD COLUMN dispatched_at timestamptz,
        -- a supervisor decided the owner after a dispute: no more returns to the centre
        ADD COLUMN final_owner boolean NOT NULL DEFAULT false,
        -- what the routing rules propose, shown in the centre's dispatch queue
        ADD COLUMN suggested_department_id uuid REFERENCES departments(id)`);

    // Exactly one owner: the centre while received or returned, a department while it is worked.
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_department_owns_worked_case`);
    await q.query(`
      ALTER TABLE cases ADD CONSTRAINT cases_one_owner CHECK (
        CASE
          WHEN status IN ('received', 'returned') THEN owner_department_id IS NULL
          WHEN status IN ('dispatched', 'in_progress', 'replied') THEN owner_department_id IS NOT NULL
          ELSE true
        END)`);
    await q.query(`
      ALTER TABLE cases ADD CONSTRAINT cases_dispatch_recorded CHECK (
        status NOT IN ('dispatched', 'in_progress', 'replied')
        OR (accountable_department_id IS NOT NULL AND dispatched_at IS NOT NULL))`);

    // Department queues: open cases of one owner, oldest or newest first.
    await q.query(`CREATE INDEX cases_owner_open_idx ON cases (owner_department_id, created_at, id) WHERE status <> 'closed'`);
    // The supervisor's queue of cases waiting for a binding decision on their owner.
    await q.query(`CREATE INDEX cases_awaiting_decision_idx ON cases (created_at, id) WHERE status = 'returned' AND return_count > 2`);

    await q.query(`
      CREATE TABLE case_co_departments (
        case_id        uuid NOT NULL REFERENCES cases(id),
        department_id  uuid NOT NULL REFERENCES departments(id),
        added_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, department_id)
      )`);
    await q.query(`CREATE INDEX case_co_departments_department_idx ON case_co_departments (department_id, case_id)`);

    await q.query(`CREATE INDEX routing_rules_department_idx ON routing_rules (department_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX routing_rules_department_idx`);
    await q.query(`DROP TABLE case_co_departments`);
    await q.query(`DROP INDEX cases_awaiting_decision_idx`);
    await q.query(`DROP INDEX cases_owner_open_idx`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_dispatch_recorded`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_one_owner`);
    await q.query(`
      ALTER TABLE cases ADD CONSTRAINT cases_department_owns_worked_case
        CHECK (status NOT IN ('dispatched', 'in_progress', 'replied') OR owner_department_id IS NOT NULL)`);
    await q.query(`
      ALTER TABLE cases
        DROP COLUMN suggested_department_id,
        DROP COLUMN final_owner,
        DROP COLUMN dispatched_at,
        DROP COLUMN accountable_department_id`);
  }
}
