import { MigrationInterface, QueryRunner } from 'typeorm';

/** The small, rarely written tables every instance keeps a copy of (`src/database/reference-data.ts`). */
const REFERENCE_TABLES = ['categories', 'regions', 'departments', 'routing_rules', 'sla_policies', 'calendar_days'];

/**
 * One number that changes whenever reference data changes, in the writing transaction itself, whoever
 * writes (the admin API, the seed, a migration, psql): every instance compares it with the version its
 * copies were read at, and reads them again when it moved. A statement trigger, so a bulk write costs
 * one bump.
 */
export class ReferenceVersion1764691200000 implements MigrationInterface {
  name = 'ReferenceVersion1764691200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reference_version (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version bigint NOT NULL
      )`);
    await q.query(`INSERT INTO reference_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE reference_version SET version = version + 1;
        RETURN NULL;
      END $$`);
    for (const table of REFERENCE_TABLES) {
      await q.query(
        `CREATE TRIGGER ${table}_bump_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version()`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of REFERENCE_TABLES) await q.query(`DROP TRIGGER ${table}_bump_reference_version ON ${table}`);
    await q.query(`DROP FUNCTION bump_reference_version()`);
    await q.query(`DROP TABLE reference_version`);
  }
}
