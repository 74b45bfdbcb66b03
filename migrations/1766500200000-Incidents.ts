import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents (事件): a supervisor makes one master case (one owner, one answer) out of a hotspot or
 * chosen cases. The centre's cases are merged into the master (closed `merged`, through the case
 * workflow); cases already with departments stay open and are linked. A case belongs to at most one
 * incident (`incident_cases.case_id` is the key), a hotspot becomes at most one incident.
 */
export class Incidents1766500200000 implements MigrationInterface {
  name = 'Incidents1766500200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incidents (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        master_case_id  uuid NOT NULL UNIQUE REFERENCES cases (id),
        hotspot_id      uuid REFERENCES hotspots (id),
        created_by      uuid NOT NULL REFERENCES users (id),
        created_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX incidents_hotspot_idx ON incidents (hotspot_id) WHERE hotspot_id IS NOT NULL`);
    await q.query(`CREATE INDEX incidents_created_idx ON incidents (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE incident_cases (
        case_id      uuid PRIMARY KEY REFERENCES cases (id),
        incident_id  uuid NOT NULL REFERENCES incidents (id),
        role         text NOT NULL CHECK (role IN ('master', 'merged', 'linked')),
        added_by     uuid REFERENCES users (id),
        added_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX incident_cases_incident_idx ON incident_cases (incident_id, added_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_cases`);
    await q.query(`DROP TABLE incidents`);
  }
}
