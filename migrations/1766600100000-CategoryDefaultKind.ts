import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A category may imply the kind of request (诉求类型) a call about it usually is: a call filed under
 * 政策咨询 is a 咨询, not a 投诉. The console sets the kind from the category picked (the nearest
 * category up the tree that names one); the operator can still change it. Null: no implied kind.
 *
 * The demo catalogue's 咨询 branch (`consultation` and everything below it) gets `consultation`; other
 * installations set theirs on the 分类与区划 page.
 */
export class CategoryDefaultKind1766600100000 implements MigrationInterface {
  name = 'CategoryDefaultKind1766600100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE categories ADD COLUMN default_kind text
        CHECK (default_kind IN ('complaint', 'request', 'consultation', 'suggestion', 'report', 'praise'))`);
    await q.query(`UPDATE categories SET default_kind = 'consultation' WHERE code = 'consultation'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE categories DROP COLUMN default_kind`);
  }
}
