import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions end when access changes. Every access token carries its user's `token_version`; a password
 * reset, another role, another department or a deactivation moves it (a trigger, whoever writes the
 * row), so every earlier token answers 401 at once and the user's live sockets close (the notification
 * of UserAccessNotify now fires on any such change).
 *
 * The per-account login block goes: anyone could lock any account with five wrong passwords. Failed
 * logins are counted per account and client address instead (`rate_limits`, see FailureCounters).
 */
export class TokenRevocation1765036800000 implements MigrationInterface {
  name = 'TokenRevocation1765036800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 1 CHECK (token_version >= 1)`);
    await q.query(`ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN login_blocked_until`);
    await q.query(`
      CREATE FUNCTION users_revoke_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.token_version := OLD.token_version + 1;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_revoke_tokens BEFORE UPDATE OF password_hash, role, department_id, active ON users
        FOR EACH ROW
        WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash OR OLD.role IS DISTINCT FROM NEW.role
              OR OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.active IS DISTINCT FROM NEW.active)
        EXECUTE FUNCTION users_revoke_tokens()`);
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    // Not `UPDATE OF token_version`: that fires only when the statement names the column, and here the
    // trigger above moves it.
    await q.query(`
      CREATE TRIGGER users_access_changed AFTER UPDATE ON users
        FOR EACH ROW WHEN (OLD.token_version IS DISTINCT FROM NEW.token_version)
        EXECUTE FUNCTION notify_user_access_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    await q.query(`
      CREATE TRIGGER users_access_changed AFTER UPDATE OF active, role, department_id ON users
        FOR EACH ROW
        WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role
              OR OLD.department_id IS DISTINCT FROM NEW.department_id)
        EXECUTE FUNCTION notify_user_access_changed()`);
    await q.query(`DROP TRIGGER users_revoke_tokens ON users`);
    await q.query(`DROP FUNCTION users_revoke_tokens()`);
    await q.query(`ALTER TABLE users ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0, ADD COLUMN login_blocked_until timestamptz`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
