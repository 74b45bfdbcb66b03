import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the problem is, as a phone reports it (WGS-84 degrees): two nullable columns on `cases`, both
 * set or neither. Intake (and later Open311, whose `lat`/`long` map onto the same two columns) fills
 * them; a point without a region gets the county-level region containing it.
 */
export class CaseLocation1766500000000 implements MigrationInterface {
  name = 'CaseLocation1766500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN IF NOT EXISTS latitude double precision,
        ADD COLUMN IF NOT EXISTS longitude double precision`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_location_pair`);
    await q.query(`
      ALTER TABLE cases ADD CONSTRAINT cases_location_pair CHECK (
        (latitude IS NULL) = (longitude IS NULL)
        AND (latitude IS NULL OR latitude BETWEEN -90 AND 90)
        AND (longitude IS NULL OR longitude BETWEEN -180 AND 180))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_location_pair, DROP COLUMN latitude, DROP COLUMN longitude`);
  }
}
