import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline as evidence.
 *
 * Every event carries `hash` = hex SHA-256 of the previous event's hash in the same case (64 zeros for
 * its first) followed by its canonical JSON array `[seq, caseId, type, at, actorId, fromStatus, toStatus,
 * fromOwnerId, toOwnerId, note, public, data]` — `at` as ISO 8601 in UTC with microseconds, the array as
 * PostgreSQL's jsonb renders it (`case_event_canonical`). A trigger computes it on every insert, whatever
 * the writer sends; every writer holds the case row's lock, so a chain never forks. Changing any field of
 * any event afterwards breaks the chain from that event on (`GET /api/cases/:id/verify`, `npm run verify`).
 *
 * Events keep the names as they were when written: the actor's display name and the departments' names
 * go into `data` (`actorName`, `fromOwnerName`, `toOwnerName`), inside the hash. Existing events get the
 * names of now, then their hashes, in `seq` order per case (this migration runs as the owner, the only
 * role that may switch the append-only trigger off).
 */
export class TimelineChain1765123200000 implements MigrationInterface {
  name = 'TimelineChain1765123200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN hash text`);
    await q.query(`
      CREATE FUNCTION case_event_canonical(e case_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_array(
          e.seq, e.case_id, e.type, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor_id,
          e.from_status, e.to_status, e.from_owner_department_id, e.to_owner_department_id, e.note, e.public, e.data)::text
      $$`);
    await q.query(`
      CREATE FUNCTION case_event_hash(previous text, e case_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(previous || case_event_canonical(e), 'UTF8')), 'hex')
      $$`);

    await q.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_no_update_or_delete`);
    await q.query(`
      UPDATE case_events e SET data = e.data || jsonb_strip_nulls(jsonb_build_object(
          'actorName', (SELECT display_name FROM users u WHERE u.id = e.actor_id),
          'fromOwnerName', (SELECT name FROM departments d WHERE d.id = e.from_owner_department_id),
          'toOwnerName', (SELECT name FROM departments d WHERE d.id = e.to_owner_department_id)))`);
    await q.query(`
      DO $$
      DECLARE
        r case_events;
        previous text;
        current_case uuid;
      BEGIN
        FOR r IN SELECT * FROM case_events ORDER BY case_id, seq LOOP
          IF current_case IS DISTINCT FROM r.case_id THEN
            previous := repeat('0', 64);
            current_case := r.case_id;
          END IF;
          previous := case_event_hash(previous, r);
          UPDATE case_events SET hash = previous WHERE seq = r.seq;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE case_events ENABLE TRIGGER case_events_no_update_or_delete`);
    await q.query(`ALTER TABLE case_events ALTER COLUMN hash SET NOT NULL`);

    await q.query(`
      CREATE FUNCTION case_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.hash := case_event_hash(
          coalesce((SELECT hash FROM case_events WHERE case_id = NEW.case_id ORDER BY seq DESC LIMIT 1), repeat('0', 64)),
          NEW);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_chain BEFORE INSERT ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_chain()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_chain ON case_events`);
    await q.query(`DROP FUNCTION case_events_chain()`);
    await q.query(`ALTER TABLE case_events DROP COLUMN hash`);
    await q.query(`DROP FUNCTION case_event_hash(text, case_events)`);
    await q.query(`DROP FUNCTION case_event_canonical(case_events)`);
  }
}
