import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key is now claimed in the statement that writes its case, before the answer exists,
 * and a replay renders the case the key stands for as it is now: the stored answer is gone, and with it
 * its status (every key stood for a 201). (A plain intake is then one statement instead of a
 * transaction of five round trips.)
 */
export class KeysClaimedWithTheCase1766600800000 implements MigrationInterface {
  name = 'KeysClaimedWithTheCase1766600800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN response_body, DROP COLUMN response_status`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // The answers are not kept: a key from before the way back replays an empty object.
    await q.query(
      `ALTER TABLE idempotency_keys ADD COLUMN response_status integer NOT NULL DEFAULT 201, ADD COLUMN response_body jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_status DROP DEFAULT, ALTER COLUMN response_body DROP DEFAULT`);
  }
}
