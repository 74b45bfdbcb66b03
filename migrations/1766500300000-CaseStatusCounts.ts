import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many cases are in each status, without counting the table: the city's picture (全市态势) shows
 * open cases by status, and on a million cases counting them is a scan of most of an index (~100 ms).
 *
 * Statement-level triggers on `cases` append one delta row per status a statement changed (+n / −n),
 * from its transition tables: insert-only, so concurrent intakes never wait on a shared counter row
 * (a counter updated in place would serialize every intake of the city on one row lock) and can never
 * deadlock on it. `sum(n)` per status is the count; `CaseCountsJanitor` folds the deltas into one row
 * per status now and then, so the sum reads a handful of rows. A bulk insert (the benchmark's seed)
 * appends one row per status.
 */
export class CaseStatusCounts1766500300000 implements MigrationInterface {
  name = 'CaseStatusCounts1766500300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_status_deltas (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status  text NOT NULL,
        n       bigint NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION case_status_deltas_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_status_deltas (status, n) SELECT status, count(*) FROM new_rows GROUP BY status ORDER BY status;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_status_deltas_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_status_deltas (status, n)
        SELECT status, sum(d) FROM (SELECT status, -1 AS d FROM old_rows UNION ALL SELECT status, 1 FROM new_rows) x
         GROUP BY status HAVING sum(d) <> 0 ORDER BY status;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_status_deltas_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_status_deltas (status, n) SELECT status, -count(*) FROM old_rows GROUP BY status ORDER BY status;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION case_status_deltas_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM case_status_deltas;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_status_deltas_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_status_deltas_insert()`);
    await q.query(`
      CREATE TRIGGER cases_status_deltas_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_status_deltas_update()`);
    await q.query(`
      CREATE TRIGGER cases_status_deltas_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_status_deltas_delete()`);
    await q.query(`
      CREATE TRIGGER cases_status_deltas_truncate AFTER TRUNCATE ON cases
        FOR EACH STATEMENT EXECUTE FUNCTION case_status_deltas_truncate()`);
    // The cases already there.
    await q.query(`INSERT INTO case_status_deltas (status, n) SELECT status, count(*) FROM cases GROUP BY status ORDER BY status`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER cases_status_deltas_${op} ON cases`);
      await q.query(`DROP FUNCTION case_status_deltas_${op}()`);
    }
    await q.query(`DROP TABLE case_status_deltas`);
  }
}
