import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The centre's rollup trigger on `cases` (FigureRollups) skipped updates that close nothing with
 * `IF EXISTS (SELECT … FROM new_rows JOIN old_rows …)`. EXISTS is planned for its first row: a nested
 * loop over the two transition tables, which reads them n × n times when no row matches — 35 s for an
 * UPDATE of 5,000 cases, and the bench's 50,000 moved deadlines did not finish. A count is planned for
 * every row: a hash join, read once.
 */
export class TransitionJoinsHashed1766600700000 implements MigrationInterface {
  name = 'TransitionJoinsHashed1766600700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(updateFunction(`(SELECT count(*) FROM new_rows n JOIN old_rows o ON o.id = n.id
                    WHERE n.close_reason IS DISTINCT FROM o.close_reason OR n.transfer_to IS DISTINCT FROM o.transfer_to) > 0`));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(updateFunction(`EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                    WHERE n.close_reason IS DISTINCT FROM o.close_reason OR n.transfer_to IS DISTINCT FROM o.transfer_to)`));
  }
}

function updateFunction(closesSomething: string): string {
  return `
    CREATE OR REPLACE FUNCTION centre_day_figures_cases_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Most updates close nothing: skip them without building the statement.
      IF ${closesSomething} THEN
        EXECUTE centre_day_figures_cases(
          'SELECT 1 AS s, created_at, close_reason, transfer_to FROM new_rows UNION ALL SELECT -1, created_at, close_reason, transfer_to FROM old_rows');
      END IF;
      RETURN NULL;
    END $$`;
}
