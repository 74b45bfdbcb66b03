import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every instance, at commit, that a user's access changed (deactivated, another role, another
 * department) or the user is gone, whoever wrote it: their open live sockets were let in, and scoped,
 * under the old access (`src/live/live-access.watcher.ts`). NOTIFY is transactional: a rollback sends
 * nothing.
 */
export class UserAccessNotify1764777600000 implements MigrationInterface {
  name = 'UserAccessNotify1764777600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_user_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('user_access_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_access_changed AFTER UPDATE OF active, role, department_id ON users
        FOR EACH ROW
        WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role
              OR OLD.department_id IS DISTINCT FROM NEW.department_id)
        EXECUTE FUNCTION notify_user_access_changed()`);
    await q.query(`
      CREATE TRIGGER users_deleted AFTER DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION notify_user_access_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_deleted ON users`);
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    await q.query(`DROP FUNCTION notify_user_access_changed()`);
  }
}
