import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open overdue cases, marked in a narrow table of their own instead of a flag on `cases`.
 *
 * FigureRollups marked an overdue case by updating its row: every mark rewrote the whole case and all
 * of its indexes (the search vector's GIN among them) — the first fold after a million-case load marked
 * 164,000 cases in over four minutes — and every later change to a marked case cleared the mark, so
 * the janitor rewrote it again.
 *
 * Now `case_overdue_marks` holds one row per open, owned case whose current deadline lies before the
 * watermark `figure_marks.overdue_through`: exactly those, always. The janitor moves the watermark
 * forward (to the app's clock) and marks the cases whose deadline it passed — a range of the open
 * cases' deadline index, a minute's worth each time. A change to a case's owner, deadline or open-ness
 * re-marks that case at once, against the same watermark (a statement trigger). Statement triggers on the
 * marks append ±1 per day and owner to `department_day_figures.overdue_open`; the report adds the
 * open cases whose deadline lies between the watermark and now.
 *
 * A trigger that re-marks a case takes ROW EXCLUSIVE on the marks (a fast-path lock) and the janitor
 * SHARE ROW EXCLUSIVE while it moves the watermark, so a change that read the old watermark has
 * committed before the janitor looks at the cases, and a change made while it marks reads the new one.
 */
export class OverdueMarks1766600500000 implements MigrationInterface {
  name = 'OverdueMarks1766600500000';

  public async up(q: QueryRunner): Promise<void> {
    await dropCaseFlag(q);
    // The flag's contributions go with it; the janitor marks every overdue case again from -infinity.
    await q.query(`UPDATE department_day_figures SET overdue_open = 0 WHERE overdue_open <> 0`);

    await q.query(`
      CREATE TABLE figure_marks (
        id               boolean PRIMARY KEY DEFAULT true CHECK (id),
        -- every open, owned case whose current deadline is before this is in case_overdue_marks
        overdue_through  timestamptz NOT NULL DEFAULT '-infinity'
      )`);
    await q.query(`INSERT INTO figure_marks DEFAULT VALUES`);
    // No foreign key to `cases`: its check would make the janitor, holding the marks' lock, wait for a
    // case an action holds FOR UPDATE while that action waits for the marks (a deadlock). The triggers
    // below keep the marks to existing cases.
    await q.query(`
      CREATE TABLE case_overdue_marks (
        case_id        uuid PRIMARY KEY,
        -- the case's intake date (Asia/Shanghai) and owner: the rollup row the mark counts in
        day            date NOT NULL,
        department_id  uuid NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        deadline       timestamptz NOT NULL
      )`);
    // For a report asked about an instant before the watermark (marks not yet overdue then).
    await q.query(`CREATE INDEX case_overdue_marks_deadline_idx ON case_overdue_marks (deadline)`);

    await q.query(`
      CREATE FUNCTION case_overdue_marks_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO department_day_figures (day, department_id, overdue_open)
        SELECT day, department_id, count(*) FROM new_rows GROUP BY day, department_id ORDER BY day, department_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_overdue_marks_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO department_day_figures (day, department_id, overdue_open)
        SELECT day, department_id, -count(*) FROM old_rows GROUP BY day, department_id ORDER BY day, department_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_overdue_marks_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE department_day_figures SET overdue_open = 0 WHERE overdue_open <> 0;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_overdue_marks_insert AFTER INSERT ON case_overdue_marks REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_overdue_marks_added()`);
    await q.query(`
      CREATE TRIGGER case_overdue_marks_delete AFTER DELETE ON case_overdue_marks REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_overdue_marks_removed()`);
    await q.query(`
      CREATE TRIGGER case_overdue_marks_truncate AFTER TRUNCATE ON case_overdue_marks
        FOR EACH STATEMENT EXECUTE FUNCTION case_overdue_marks_truncated()`);
    // Emptying the facts empties the rollups (FigureRollups); the marks' own counts are put back.
    await q.query(`
      CREATE OR REPLACE FUNCTION department_day_figures_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM department_day_figures;
        INSERT INTO department_day_figures (day, department_id, overdue_open)
        SELECT day, department_id, count(*) FROM case_overdue_marks GROUP BY day, department_id ORDER BY day, department_id;
        RETURN NULL;
      END $$`);

    // Cases whose owner, deadline or open-ness changed: their marks, if any, go, and those still open,
    // owned and due before the watermark are marked again. A statement trigger: one DELETE and one INSERT
    // whatever the number of rows (a calendar change moves the deadlines of every open case at once; as
    // a row trigger, 50,000 moved deadlines took over twenty minutes).
    await q.query(`
      CREATE FUNCTION cases_overdue_remark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A count, not EXISTS: EXISTS is planned for its first row, a nested loop over the two transition
        -- tables that reads them n × n times when no row matches (35 s for 5,000 rows).
        IF (SELECT count(*) FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.owner_department_id IS DISTINCT FROM n.owner_department_id
                OR o.current_deadline IS DISTINCT FROM n.current_deadline
                OR (o.status = 'closed') IS DISTINCT FROM (n.status = 'closed')) = 0 THEN
          RETURN NULL;
        END IF;
        LOCK TABLE case_overdue_marks IN ROW EXCLUSIVE MODE;
        DELETE FROM case_overdue_marks m
         USING old_rows o JOIN new_rows n ON n.id = o.id
         WHERE m.case_id = o.id
           AND (o.owner_department_id IS DISTINCT FROM n.owner_department_id
                OR o.current_deadline IS DISTINCT FROM n.current_deadline
                OR (o.status = 'closed') IS DISTINCT FROM (n.status = 'closed'));
        INSERT INTO case_overdue_marks (case_id, day, department_id, deadline)
        SELECT n.id, (n.created_at AT TIME ZONE 'Asia/Shanghai')::date, n.owner_department_id, n.current_deadline
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.owner_department_id IS DISTINCT FROM n.owner_department_id
                OR o.current_deadline IS DISTINCT FROM n.current_deadline
                OR (o.status = 'closed') IS DISTINCT FROM (n.status = 'closed'))
           AND n.status <> 'closed' AND n.owner_department_id IS NOT NULL
           AND n.current_deadline < (SELECT overdue_through FROM figure_marks);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_overdue_remark AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cases_overdue_remark()`);
    // A case written already owned (an import, the bench's seed): marked when it qualifies.
    await q.query(`
      CREATE FUNCTION cases_overdue_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows WHERE status <> 'closed' AND owner_department_id IS NOT NULL) THEN
          LOCK TABLE case_overdue_marks IN ROW EXCLUSIVE MODE;
          INSERT INTO case_overdue_marks (case_id, day, department_id, deadline)
          SELECT n.id, (n.created_at AT TIME ZONE 'Asia/Shanghai')::date, n.owner_department_id, n.current_deadline
            FROM new_rows n, figure_marks m
           WHERE n.status <> 'closed' AND n.owner_department_id IS NOT NULL AND n.current_deadline < m.overdue_through;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_overdue_mark_new AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cases_overdue_mark_new()`);
    // Cases removed (never by the app; by hand, or a test's cleanup): their marks go with them.
    await q.query(`
      CREATE FUNCTION cases_overdue_marks_gone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE case_overdue_marks;
        ELSE
          DELETE FROM case_overdue_marks m USING old_rows o WHERE m.case_id = o.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_overdue_marks_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cases_overdue_marks_gone()`);
    await q.query(`
      CREATE TRIGGER cases_overdue_marks_truncate AFTER TRUNCATE ON cases
        FOR EACH STATEMENT EXECUTE FUNCTION cases_overdue_marks_gone()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER cases_overdue_marks_truncate ON cases`);
    await q.query(`DROP TRIGGER cases_overdue_marks_delete ON cases`);
    await q.query(`DROP FUNCTION cases_overdue_marks_gone()`);
    await q.query(`DROP TRIGGER cases_overdue_mark_new ON cases`);
    await q.query(`DROP FUNCTION cases_overdue_mark_new()`);
    await q.query(`DROP TRIGGER cases_overdue_remark ON cases`);
    await q.query(`DROP FUNCTION cases_overdue_remark()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION department_day_figures_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM department_day_figures;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE case_overdue_marks`);
    await q.query(`DROP FUNCTION case_overdue_marks_added()`);
    await q.query(`DROP FUNCTION case_overdue_marks_removed()`);
    await q.query(`DROP FUNCTION case_overdue_marks_truncated()`);
    await q.query(`DROP TABLE figure_marks`);
    await q.query(`UPDATE department_day_figures SET overdue_open = 0 WHERE overdue_open <> 0`);
    await addCaseFlag(q);
  }
}

/** FigureRollups' flag on `cases`, its index and triggers. */
async function dropCaseFlag(q: QueryRunner): Promise<void> {
  for (const op of ['update', 'insert', 'delete']) await q.query(`DROP TRIGGER cases_overdue_mark_${op} ON cases`);
  await q.query(`DROP FUNCTION cases_overdue_mark_delta()`);
  await q.query(`DROP TRIGGER cases_clear_overdue_mark ON cases`);
  await q.query(`DROP FUNCTION cases_clear_overdue_mark()`);
  await q.query(`DROP INDEX cases_overdue_unmarked_idx`);
  await q.query(`ALTER TABLE cases DROP COLUMN overdue_marked`);
}

/** FigureRollups' flag as it was (every case unmarked: the janitor marks them again). */
async function addCaseFlag(q: QueryRunner): Promise<void> {
  await q.query(`ALTER TABLE cases ADD COLUMN overdue_marked boolean NOT NULL DEFAULT false`);
  await q.query(`
    CREATE INDEX cases_overdue_unmarked_idx ON cases (current_deadline) INCLUDE (created_at, owner_department_id)
      WHERE status <> 'closed' AND owner_department_id IS NOT NULL AND NOT overdue_marked`);
  await q.query(`
    CREATE FUNCTION cases_clear_overdue_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.overdue_marked := false;
      RETURN NEW;
    END $$`);
  await q.query(`
    CREATE TRIGGER cases_clear_overdue_mark BEFORE UPDATE ON cases
      FOR EACH ROW WHEN (OLD.overdue_marked) EXECUTE FUNCTION cases_clear_overdue_mark()`);
  await q.query(`
    CREATE FUNCTION cases_overdue_mark_delta() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.overdue_marked AND OLD.owner_department_id IS NOT NULL THEN
        INSERT INTO department_day_figures (day, department_id, overdue_open)
        VALUES ((OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date, OLD.owner_department_id, -1);
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.overdue_marked AND NEW.owner_department_id IS NOT NULL THEN
        INSERT INTO department_day_figures (day, department_id, overdue_open)
        VALUES ((NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.owner_department_id, 1);
      END IF;
      RETURN NULL;
    END $$`);
  await q.query(`
    CREATE TRIGGER cases_overdue_mark_update AFTER UPDATE ON cases
      FOR EACH ROW WHEN (OLD.overdue_marked OR NEW.overdue_marked) EXECUTE FUNCTION cases_overdue_mark_delta()`);
  await q.query(`
    CREATE TRIGGER cases_overdue_mark_insert AFTER INSERT ON cases
      FOR EACH ROW WHEN (NEW.overdue_marked) EXECUTE FUNCTION cases_overdue_mark_delta()`);
  await q.query(`
    CREATE TRIGGER cases_overdue_mark_delete AFTER DELETE ON cases
      FOR EACH ROW WHEN (OLD.overdue_marked) EXECUTE FUNCTION cases_overdue_mark_delta()`);
}
