import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the problem is, when the citizen's app knows it (Open311 `lat`/`long`; WGS-84 as phones report
 * it): an optional pair, both or neither. Kept apart from the other changes so that intake's own
 * location work can take it over as it is.
 */
export class CaseLocation1765900100000 implements MigrationInterface {
  name = 'CaseLocation1765900100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN location_lat double precision CHECK (location_lat BETWEEN -90 AND 90),
        ADD COLUMN location_lng double precision CHECK (location_lng BETWEEN -180 AND 180),
        ADD CONSTRAINT cases_location_pair CHECK ((location_lat IS NULL) = (location_lng IS NULL))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_location_pair, DROP COLUMN location_lng, DROP COLUMN location_lat`);
  }
}
