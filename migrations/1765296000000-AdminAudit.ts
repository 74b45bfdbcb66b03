import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables an administrator keeps, and the column that names a row of each. */
const AUDITED = {
  calendar_days: 'date',
  sla_policies: 'priority',
  routing_rules: 'id',
  categories: 'code',
  regions: 'code',
  departments: 'id',
  users: 'id',
} as const;

/**
 * The audit of administrative changes (审计日志): a row-level trigger on every table an administrator
 * keeps writes who changed what, before → after, in the same transaction as the change — whoever
 * writes, through whichever path, so no change can skip it. The actor is what the writing transaction
 * set (`app.actor_id`, `app.actor_name`: the API's admin routes do); a change without one (a migration,
 * the demo seed, psql) is recorded with no actor. Password hashes never enter the log: a reset shows as
 * `passwordReset`. Append-only, like the timeline.
 */
export class AdminAudit1765296000000 implements MigrationInterface {
  name = 'AdminAudit1765296000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_audit (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor_id    uuid,
        actor_name  text,
        entity      text NOT NULL,
        entity_id   text NOT NULL,
        action      text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        before      jsonb,
        after       jsonb
      )`);
    await q.query(`
      CREATE FUNCTION admin_audit_record() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        hidden text[] := ARRAY['password_hash', 'updated_at', 'token_version'];
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        before jsonb := old_row - hidden;
        after jsonb := new_row - hidden;
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row->>'password_hash' IS DISTINCT FROM new_row->>'password_hash' THEN
          after := after || '{"passwordReset": true}';
        END IF;
        IF TG_OP = 'UPDATE' AND before = after THEN
          RETURN NULL; -- nothing an administrator would call a change (e.g. the same calendar loaded again)
        END IF;
        INSERT INTO admin_audit (actor_id, actor_name, entity, entity_id, action, before, after)
        VALUES (nullif(current_setting('app.actor_id', true), '')::uuid,
                nullif(current_setting('app.actor_name', true), ''),
                TG_TABLE_NAME, COALESCE(new_row, old_row)->>TG_ARGV[0], lower(TG_OP), before, after);
        RETURN NULL;
      END $$`);
    for (const [table, key] of Object.entries(AUDITED)) {
      await q.query(`
        CREATE TRIGGER ${table}_admin_audit AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION admin_audit_record('${key}')`);
    }
    await q.query(`
      CREATE FUNCTION admin_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_audit is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER admin_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON admin_audit
        FOR EACH ROW EXECUTE FUNCTION admin_audit_is_append_only()`);
    await q.query(`
      CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
        FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_is_append_only()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(AUDITED)) await q.query(`DROP TRIGGER ${table}_admin_audit ON ${table}`);
    await q.query(`DROP TABLE admin_audit`);
    await q.query(`DROP FUNCTION admin_audit_is_append_only`);
    await q.query(`DROP FUNCTION admin_audit_record`);
  }
}
