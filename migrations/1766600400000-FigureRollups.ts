import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The figures' rollups: a month's figures read days × departments rows, whatever the volume.
 *
 * `department_day_figures` holds, per day (the case's intake date, Asia/Shanghai) and department, the
 * sums of what each holding in `department_case_facts` contributes to the figures. The two counts that
 * depend on "now" (a sign-for or reply deadline passing while the department still holds the case, the
 * stage not done) come from marks the janitor sets once the deadline has passed, plus the holdings
 * whose deadline passed since (two partial indexes on the deadlines). `received_in_subtree` counts, for the unit and each of its ancestors, the distinct cases
 * held anywhere in that unit's subtree.
 *
 * Statement-level triggers on `department_case_facts` append delta rows from their transition tables,
 * in the same transaction as the change: insert-only, so concurrent dispatches never wait on a shared
 * counter row and can never deadlock on one (the same design as `case_status_deltas`).
 * `FigureRollupsJanitor` folds each day and department's deltas into one row now and then. Moving a
 * unit to another parent re-counts `received_in_subtree` for its old and new ancestors.
 */
export class FigureRollups1766600400000 implements MigrationInterface {
  name = 'FigureRollups1766600400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE department_day_figures (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        day                  date NOT NULL,
        department_id        uuid NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        -- false for a delta the janitor has not folded yet
        folded               boolean NOT NULL DEFAULT false,
        handled              bigint NOT NULL DEFAULT 0,
        received_in_subtree  bigint NOT NULL DEFAULT 0,
        -- the sign-for stage ended: signed, or the deadline passed before the case left the unit
        sign_ended           bigint NOT NULL DEFAULT 0,
        signed_on_time       bigint NOT NULL DEFAULT 0,
        -- the reply stage ended: replied, or signed and the deadline passed before the case left
        reply_ended          bigint NOT NULL DEFAULT 0,
        replied_on_time      bigint NOT NULL DEFAULT 0,
        called_back          bigint NOT NULL DEFAULT 0,
        satisfied            bigint NOT NULL DEFAULT 0,
        resolved             bigint NOT NULL DEFAULT 0,
        returned             bigint NOT NULL DEFAULT 0,
        returns_refused      bigint NOT NULL DEFAULT 0,
        replied              bigint NOT NULL DEFAULT 0,
        reopened             bigint NOT NULL DEFAULT 0,
        reply_seconds        double precision NOT NULL DEFAULT 0,
        -- open cases the unit holds whose current deadline has passed (marked on \`cases\`, see below)
        overdue_open         bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX department_day_figures_day_idx ON department_day_figures (day, department_id)`);
    await q.query(`CREATE INDEX department_day_figures_unfolded_idx ON department_day_figures (day, department_id) WHERE NOT folded`);

    // A holding whose stage is still running counts as due once its deadline passes. The janitor marks
    // those (`*_lapsed`), so the rollups count them; the report adds, from two partial indexes on the
    // deadlines, the few that passed since it last did. A changed deadline, or the case leaving or
    // coming back, clears the mark: a mark always means "the deadline passed while the stage ran".
    await q.query(`
      ALTER TABLE department_case_facts
        ADD COLUMN sign_lapsed boolean NOT NULL DEFAULT false,
        ADD COLUMN reply_lapsed boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE INDEX department_case_facts_sign_running_idx ON department_case_facts (sign_deadline)
        INCLUDE (case_created_at, department_id) WHERE left_at IS NULL AND signed_at IS NULL AND NOT sign_lapsed`);
    await q.query(`
      CREATE INDEX department_case_facts_reply_running_idx ON department_case_facts (reply_deadline)
        INCLUDE (case_created_at, department_id) WHERE left_at IS NULL AND replied_at IS NULL AND signed_at IS NOT NULL AND NOT reply_lapsed`);
    await q.query(`
      CREATE FUNCTION department_case_facts_clear_lapsed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sign_deadline IS DISTINCT FROM OLD.sign_deadline OR NEW.left_at IS DISTINCT FROM OLD.left_at THEN
          NEW.sign_lapsed := false;
        END IF;
        IF NEW.reply_deadline IS DISTINCT FROM OLD.reply_deadline OR NEW.left_at IS DISTINCT FROM OLD.left_at THEN
          NEW.reply_lapsed := false;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER department_case_facts_clear_lapsed BEFORE UPDATE ON department_case_facts
        FOR EACH ROW EXECUTE FUNCTION department_case_facts_clear_lapsed()`);

    // The statements are built by two functions and run by the triggers themselves: a trigger's
    // transition tables are visible only to the statements its own function runs.
    // What each holding contributes, signed (+1 for a row as it is now, −1 as it was), per day and unit.
    await q.query(`
      CREATE FUNCTION department_day_figures_add(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($sql$
          INSERT INTO department_day_figures (day, department_id, handled, sign_ended, signed_on_time, reply_ended,
            replied_on_time, called_back, satisfied, resolved, returned, returns_refused, replied, reopened, reply_seconds)
          SELECT * FROM (
            SELECT day, department_id, sum(handled), sum(sign_ended), sum(signed_on_time), sum(reply_ended),
                   sum(replied_on_time), sum(called_back), sum(satisfied), sum(resolved), sum(returned),
                   sum(returns_refused), sum(replied), sum(reopened), sum(reply_seconds)
              FROM (
                SELECT (f.case_created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, f.department_id,
                       f.s AS handled,
                       f.s * (f.signed_at IS NOT NULL OR COALESCE(f.sign_deadline < f.left_at, false) OR f.sign_lapsed)::int AS sign_ended,
                       f.s * COALESCE(f.sign_on_time, false)::int AS signed_on_time,
                       f.s * (f.replied_at IS NOT NULL OR (f.signed_at IS NOT NULL AND COALESCE(f.reply_deadline < f.left_at, false)) OR f.reply_lapsed)::int AS reply_ended,
                       f.s * COALESCE(f.reply_on_time, false)::int AS replied_on_time,
                       f.s * (f.satisfaction IS NOT NULL)::int AS called_back,
                       f.s * COALESCE(f.satisfaction IN ('satisfied', 'basically_satisfied'), false)::int AS satisfied,
                       f.s * COALESCE(f.resolved, false)::int AS resolved,
                       f.s * (f.returns > 0)::int AS returned,
                       f.s * f.returns_refused AS returns_refused,
                       f.s * (f.replied_at IS NOT NULL)::int AS replied,
                       f.s * f.reopened::int AS reopened,
                       f.s * COALESCE(extract(epoch FROM f.replied_at - f.first_dispatched_at) - f.paused_seconds, 0) AS reply_seconds
                  FROM (%s) f
              ) contribution
             GROUP BY 1, 2
          ) delta(day, department_id, handled, sign_ended, signed_on_time, reply_ended, replied_on_time, called_back,
                  satisfied, resolved, returned, returns_refused, replied, reopened, reply_seconds)
          -- an update that changed nothing the figures count appends nothing
          WHERE (handled, sign_ended, signed_on_time, reply_ended, replied_on_time, called_back, satisfied, resolved,
                 returned, returns_refused, replied, reopened, reply_seconds) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          ORDER BY 1, 2
        $sql$, rows_sql)
      $$`);
    // For each unit and each of its ancestors, +1 (−1) for a case that entered (left) that unit's
    // subtree: a changed holding there, and no unchanged holding of the same case there.
    await q.query(`
      CREATE FUNCTION department_day_figures_subtrees(changed_sql text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($sql$
          WITH RECURSIVE changed AS MATERIALIZED (%s),
          others AS MATERIALIZED (
            SELECT o.case_id, o.department_id FROM department_case_facts o WHERE o.case_id IN (SELECT case_id FROM changed)
            EXCEPT
            SELECT case_id, department_id FROM changed
          ),
          ancestry(department_id, ancestor_id) AS (
            SELECT id, id FROM departments WHERE id IN (SELECT department_id FROM changed UNION SELECT department_id FROM others)
            UNION
            SELECT a.department_id, d.parent_id FROM ancestry a JOIN departments d ON d.id = a.ancestor_id WHERE d.parent_id IS NOT NULL
          ),
          entered AS (
            SELECT DISTINCT c.case_id, (c.case_created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, a.ancestor_id
              FROM changed c JOIN ancestry a ON a.department_id = c.department_id
          ),
          covered AS (
            SELECT DISTINCT o.case_id, a.ancestor_id FROM others o JOIN ancestry a ON a.department_id = o.department_id
          )
          INSERT INTO department_day_figures (day, department_id, received_in_subtree)
          SELECT e.day, e.ancestor_id, %s * count(*)
            FROM entered e LEFT JOIN covered v ON v.case_id = e.case_id AND v.ancestor_id = e.ancestor_id
           WHERE v.case_id IS NULL
           GROUP BY 1, 2
           ORDER BY 1, 2
        $sql$, changed_sql, sign)
      $$`);
    await q.query(`
      CREATE FUNCTION department_day_figures_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE department_day_figures_add('SELECT 1 AS s, * FROM new_rows');
        EXECUTE department_day_figures_subtrees('SELECT case_id, department_id, case_created_at FROM new_rows', 1);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION department_day_figures_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE department_day_figures_add('SELECT 1 AS s, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION department_day_figures_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE department_day_figures_add('SELECT -1 AS s, * FROM old_rows');
        EXECUTE department_day_figures_subtrees('SELECT case_id, department_id, case_created_at FROM old_rows', -1);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION department_day_figures_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM department_day_figures;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER department_case_facts_figures_insert AFTER INSERT ON department_case_facts REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION department_day_figures_insert()`);
    await q.query(`
      CREATE TRIGGER department_case_facts_figures_update AFTER UPDATE ON department_case_facts
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION department_day_figures_update()`);
    await q.query(`
      CREATE TRIGGER department_case_facts_figures_delete AFTER DELETE ON department_case_facts REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION department_day_figures_delete()`);
    await q.query(`
      CREATE TRIGGER department_case_facts_figures_truncate AFTER TRUNCATE ON department_case_facts
        FOR EACH STATEMENT EXECUTE FUNCTION department_day_figures_truncate()`);

    // A unit moved to another parent: its old and new ancestors' subtree counts are re-counted from the
    // holdings (one indexed pass over each such ancestor's holdings; moving a unit is rare).
    await q.query(`
      CREATE FUNCTION department_day_figures_recount_subtree(root uuid) RETURNS void LANGUAGE sql AS $$
        WITH RECURSIVE subtree(id) AS (
          SELECT root UNION ALL SELECT d.id FROM departments d JOIN subtree s ON d.parent_id = s.id
        ),
        counted AS (
          SELECT (f.case_created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(DISTINCT f.case_id) AS n
            FROM department_case_facts f WHERE f.department_id IN (SELECT id FROM subtree) GROUP BY 1
        ),
        kept AS (
          SELECT day, sum(received_in_subtree) AS n FROM department_day_figures WHERE department_id = root GROUP BY 1
        )
        INSERT INTO department_day_figures (day, department_id, received_in_subtree)
        SELECT COALESCE(c.day, k.day), root, COALESCE(c.n, 0) - COALESCE(k.n, 0)
          FROM counted c FULL JOIN kept k ON k.day = c.day
         WHERE COALESCE(c.n, 0) <> COALESCE(k.n, 0)
         ORDER BY 1
      $$`);
    await q.query(`
      CREATE FUNCTION department_day_figures_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ancestor uuid;
      BEGIN
        FOR ancestor IN
          WITH RECURSIVE up(id) AS (
            SELECT p FROM unnest(ARRAY[OLD.parent_id, NEW.parent_id]) AS p WHERE p IS NOT NULL
            UNION
            SELECT d.parent_id FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL
          )
          SELECT id FROM up ORDER BY id
        LOOP
          PERFORM department_day_figures_recount_subtree(ancestor);
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER departments_figures_moved AFTER UPDATE OF parent_id ON departments
        FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION department_day_figures_moved()`);

    // Open overdue cases per day and owner, the same way: the janitor marks an open case whose current
    // deadline has passed (`overdue_marked`); any other change to the case clears the mark (its deadline,
    // owner or status may have moved) and the janitor marks it again if it is still overdue. Row triggers
    // that fire only for marked rows append ±1 for the owner; the report adds the overdue cases not yet
    // marked, from a partial index on the deadline.
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

    // The centre's own figures per day (a case's intake date): what it received and how it closed them,
    // from the case rows (statement triggers on \`cases\`, like the status counts), and how many it
    // dispatched and how many of those came back with a return that stood, from the dispatch and return
    // events (a statement trigger on \`case_events\` that looks only at those four types).
    await q.query(`
      CREATE TABLE centre_day_figures (
        id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        day                    date NOT NULL,
        folded                 boolean NOT NULL DEFAULT false,
        received               bigint NOT NULL DEFAULT 0,
        answered               bigint NOT NULL DEFAULT 0,
        merged                 bigint NOT NULL DEFAULT 0,
        not_accepted           bigint NOT NULL DEFAULT 0,
        t110                   bigint NOT NULL DEFAULT 0,
        t119                   bigint NOT NULL DEFAULT 0,
        t120                   bigint NOT NULL DEFAULT 0,
        t122                   bigint NOT NULL DEFAULT 0,
        dispatched             bigint NOT NULL DEFAULT 0,
        dispatched_with_return bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX centre_day_figures_day_idx ON centre_day_figures (day)`);
    await q.query(`CREATE INDEX centre_day_figures_unfolded_idx ON centre_day_figures (day) WHERE NOT folded`);
    await q.query(`
      CREATE FUNCTION centre_day_figures_cases(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT format($sql$
          INSERT INTO centre_day_figures (day, received, answered, merged, not_accepted, t110, t119, t120, t122)
          SELECT * FROM (
            SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, sum(c.s),
                   sum(c.s * (c.close_reason IS NOT DISTINCT FROM 'answered')::int),
                   sum(c.s * (c.close_reason IS NOT DISTINCT FROM 'merged')::int),
                   sum(c.s * (c.close_reason IS NOT DISTINCT FROM 'not_accepted')::int),
                   sum(c.s * (c.transfer_to IS NOT DISTINCT FROM '110')::int),
                   sum(c.s * (c.transfer_to IS NOT DISTINCT FROM '119')::int),
                   sum(c.s * (c.transfer_to IS NOT DISTINCT FROM '120')::int),
                   sum(c.s * (c.transfer_to IS NOT DISTINCT FROM '122')::int)
              FROM (%s) c
             GROUP BY 1
          ) delta(day, received, answered, merged, not_accepted, t110, t119, t120, t122)
          WHERE (received, answered, merged, not_accepted, t110, t119, t120, t122) <> (0, 0, 0, 0, 0, 0, 0, 0)
          ORDER BY 1
        $sql$, rows_sql)
      $$`);
    await q.query(`
      CREATE FUNCTION centre_day_figures_cases_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Every intake runs this: a static statement (planned once per session), not the built one.
        INSERT INTO centre_day_figures (day, received, answered, merged, not_accepted, t110, t119, t120, t122)
        SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date, count(*),
               count(*) FILTER (WHERE close_reason = 'answered'), count(*) FILTER (WHERE close_reason = 'merged'),
               count(*) FILTER (WHERE close_reason = 'not_accepted'), count(*) FILTER (WHERE transfer_to = '110'),
               count(*) FILTER (WHERE transfer_to = '119'), count(*) FILTER (WHERE transfer_to = '120'),
               count(*) FILTER (WHERE transfer_to = '122')
          FROM new_rows
         GROUP BY 1
         ORDER BY 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION centre_day_figures_cases_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Most updates close nothing: skip them without building the statement.
        IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                    WHERE n.close_reason IS DISTINCT FROM o.close_reason OR n.transfer_to IS DISTINCT FROM o.transfer_to) THEN
          EXECUTE centre_day_figures_cases(
            'SELECT 1 AS s, created_at, close_reason, transfer_to FROM new_rows UNION ALL SELECT -1, created_at, close_reason, transfer_to FROM old_rows');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION centre_day_figures_cases_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE centre_day_figures_cases('SELECT -1 AS s, created_at, close_reason, transfer_to FROM old_rows');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION centre_day_figures_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM centre_day_figures;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_centre_figures_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_cases_insert()`);
    await q.query(`
      CREATE TRIGGER cases_centre_figures_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_cases_update()`);
    await q.query(`
      CREATE TRIGGER cases_centre_figures_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_cases_delete()`);
    await q.query(`
      CREATE TRIGGER cases_centre_figures_truncate AFTER TRUNCATE ON cases
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_truncate()`);
    // Per case: dispatched by the centre at least once, and its returns to the centre that stood (each
    // refusal undoes one); before and after the new events, the difference per intake day.
    await q.query(`
      CREATE FUNCTION centre_day_figures_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_rows WHERE type IN ('case.dispatched', 'case.owner_decided', 'case.returned', 'case.return_refused')) THEN
          RETURN NULL;
        END IF;
        INSERT INTO centre_day_figures (day, dispatched, dispatched_with_return)
        SELECT day, sum(d_after::int - d_before::int), sum((d_after AND stood_after > 0)::int - (d_before AND stood_before > 0)::int)
          FROM (
            SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                   bool_or(centre_dispatch) AS d_after, COALESCE(bool_or(centre_dispatch) FILTER (WHERE NOT is_new), false) AS d_before,
                   sum(stood) AS stood_after, COALESCE(sum(stood) FILTER (WHERE NOT is_new), 0) AS stood_before
              FROM (
                SELECT e.case_id,
                       e.type IN ('case.dispatched', 'case.owner_decided') AND e.from_owner_department_id IS NULL AS centre_dispatch,
                       CASE WHEN e.type = 'case.returned' AND e.to_owner_department_id IS NULL THEN 1
                            WHEN e.type = 'case.return_refused' THEN -1 ELSE 0 END AS stood,
                       e.seq IN (SELECT seq FROM new_rows) AS is_new
                  FROM case_events e
                 WHERE e.case_id IN (SELECT case_id FROM new_rows
                                      WHERE type IN ('case.dispatched', 'case.owner_decided', 'case.returned', 'case.return_refused'))
                   AND e.type IN ('case.dispatched', 'case.owner_decided', 'case.returned', 'case.return_refused')
              ) e
              JOIN cases c ON c.id = e.case_id
             GROUP BY e.case_id, c.created_at
          ) per_case
         GROUP BY day
        HAVING sum(d_after::int - d_before::int) <> 0
            OR sum((d_after AND stood_after > 0)::int - (d_before AND stood_before > 0)::int) <> 0
         ORDER BY day;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_centre_figures AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_events()`);
    await q.query(`
      CREATE TRIGGER case_events_centre_figures_truncate AFTER TRUNCATE ON case_events
        FOR EACH STATEMENT EXECUTE FUNCTION centre_day_figures_truncate()`);

    // The holdings already there.
    await q.query(`DO $$ BEGIN EXECUTE department_day_figures_add('SELECT 1 AS s, * FROM department_case_facts'); END $$`);
    await q.query(`SELECT department_day_figures_recount_subtree(id) FROM departments ORDER BY id`);
    await q.query(`DO $$ BEGIN EXECUTE centre_day_figures_cases('SELECT 1 AS s, created_at, close_reason, transfer_to FROM cases'); END $$`);
    await q.query(`
      INSERT INTO centre_day_figures (day, dispatched, dispatched_with_return)
      SELECT day, count(*) FILTER (WHERE dispatched), count(*) FILTER (WHERE dispatched AND stood > 0)
        FROM (SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                     bool_or(e.type IN ('case.dispatched', 'case.owner_decided') AND e.from_owner_department_id IS NULL) AS dispatched,
                     count(*) FILTER (WHERE e.type = 'case.returned' AND e.to_owner_department_id IS NULL)
                       - count(*) FILTER (WHERE e.type = 'case.return_refused') AS stood
                FROM case_events e JOIN cases c ON c.id = e.case_id
               WHERE e.type IN ('case.dispatched', 'case.owner_decided', 'case.returned', 'case.return_refused')
               GROUP BY e.case_id, c.created_at) per_case
       GROUP BY day
       ORDER BY day`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_centre_figures ON case_events`);
    await q.query(`DROP TRIGGER case_events_centre_figures_truncate ON case_events`);
    await q.query(`DROP FUNCTION centre_day_figures_events()`);
    for (const op of ['insert', 'update', 'delete', 'truncate']) await q.query(`DROP TRIGGER cases_centre_figures_${op} ON cases`);
    for (const op of ['cases_insert', 'cases_update', 'cases_delete', 'truncate']) await q.query(`DROP FUNCTION centre_day_figures_${op}()`);
    await q.query(`DROP FUNCTION centre_day_figures_cases(text)`);
    await q.query(`DROP TABLE centre_day_figures`);
    for (const op of ['update', 'insert', 'delete']) await q.query(`DROP TRIGGER cases_overdue_mark_${op} ON cases`);
    await q.query(`DROP FUNCTION cases_overdue_mark_delta()`);
    await q.query(`DROP TRIGGER cases_clear_overdue_mark ON cases`);
    await q.query(`DROP FUNCTION cases_clear_overdue_mark()`);
    await q.query(`DROP INDEX cases_overdue_unmarked_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN overdue_marked`);
    await q.query(`DROP TRIGGER departments_figures_moved ON departments`);
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER department_case_facts_figures_${op} ON department_case_facts`);
      await q.query(`DROP FUNCTION department_day_figures_${op}()`);
    }
    await q.query(`DROP FUNCTION department_day_figures_moved()`);
    await q.query(`DROP FUNCTION department_day_figures_recount_subtree(uuid)`);
    await q.query(`DROP FUNCTION department_day_figures_subtrees(text, int)`);
    await q.query(`DROP FUNCTION department_day_figures_add(text)`);
    await q.query(`DROP TRIGGER department_case_facts_clear_lapsed ON department_case_facts`);
    await q.query(`DROP FUNCTION department_case_facts_clear_lapsed()`);
    await q.query(`DROP INDEX department_case_facts_reply_running_idx`);
    await q.query(`DROP INDEX department_case_facts_sign_running_idx`);
    await q.query(`ALTER TABLE department_case_facts DROP COLUMN sign_lapsed, DROP COLUMN reply_lapsed`);
    await q.query(`DROP TABLE department_day_figures`);
  }
}
