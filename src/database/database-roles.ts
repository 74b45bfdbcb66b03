import type { LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { MIGRATION_LOCK, migrate } from './migrate';

export interface DatabaseUrls {
  /** The role the app serves through (it must own nothing). */
  databaseUrl: string;
  /** The owner of the schema, for migrations; when unset, `databaseUrl` owns it (see below). */
  migrationDatabaseUrl?: string;
  production: boolean;
  log: LoggerService;
}

/** The table TypeORM records migrations in. */
const MIGRATIONS_TABLE = 'migrations';
const RUNTIME_PASSWORD_SECRET = 'runtime_role_password';

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Two database roles (CONTRACT.md, "Database roles"). The owner migrates; the app serves through a role
 * with DML only — no ownership, so it cannot alter a table, disable the timeline's append-only and
 * hash-chain triggers, or UPDATE, DELETE or TRUNCATE `case_events` (its grants leave those out). So the
 * app cannot rewrite its own history, whatever a bug or an intruder in it does.
 *
 * - `MIGRATION_DATABASE_URL` set: it migrates and grants `DATABASE_URL`'s role what it needs.
 * - Only `DATABASE_URL`, and its role may create roles (the embedded default, the tests' and the
 *   bench's superuser): it migrates, creates `<database>_app` (a login role; its password generated once
 *   and kept in `app_secrets`), grants it, and the app serves through that.
 * - Only `DATABASE_URL`, a plain role: the app serves through it as it is (migrations must be current);
 *   if that role owns the tables, production refuses to start and elsewhere the log says why it should not.
 *
 * Returns the URL the app serves through.
 */
export async function prepareDatabase(urls: DatabaseUrls): Promise<string> {
  const ownerUrl = urls.migrationDatabaseUrl ?? urls.databaseUrl;
  const owner = await new DataSource({ ...dataSourceOptions(ownerUrl, 'hotline12345-migrate'), logging: ['error', 'warn'] }).initialize();
  try {
    const [{ canCreateRoles }] = await owner.query(
      `SELECT rolsuper OR rolcreaterole AS "canCreateRoles" FROM pg_roles WHERE rolname = current_user`,
    );
    const ownsSchema = urls.migrationDatabaseUrl !== undefined || canCreateRoles || (await ownsTables(owner));
    if (ownsSchema) {
      await migrate(owner);
    } else if (await owner.showMigrations()) {
      throw new Error('Migrations are pending and DATABASE_URL cannot run them: set MIGRATION_DATABASE_URL to the schema owner');
    }

    if (urls.migrationDatabaseUrl) {
      await grantRuntime(owner, decodeURIComponent(new URL(urls.databaseUrl).username));
      return urls.databaseUrl;
    }
    if (canCreateRoles) return await createRuntimeRole(owner, urls.databaseUrl);

    if (await ownsTables(owner)) {
      const message =
        "DATABASE_URL's role owns the tables: it could disable the timeline's protections. Serve through a role with DML only " +
        '(DATABASE_URL) and migrate as the owner (MIGRATION_DATABASE_URL); see the README, "Database roles"';
      if (urls.production) throw new Error(message);
      urls.log.warn(message, 'DatabaseRoles');
    }
    return urls.databaseUrl;
  } finally {
    await owner.destroy();
  }
}

async function ownsTables(db: DataSource): Promise<boolean> {
  const [{ owns }] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns`,
  );
  return owns;
}

/** `<database>_app`, a login role with DML only, created once; the URL to serve through as it. */
async function createRuntimeRole(owner: DataSource, databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const role = `${database}_app`.slice(0, 63);
  // Under the migration lock: instances starting together create the role once.
  const runner = owner.createQueryRunner();
  await runner.connect();
  let password: string;
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await runner.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      RUNTIME_PASSWORD_SECRET,
      randomBytes(24).toString('base64url'),
    ]);
    [{ value: password }] = await runner.query(`SELECT value FROM app_secrets WHERE name = $1`, [RUNTIME_PASSWORD_SECRET]);
    const [exists] = await runner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    // The password is base64url: nothing in it needs quoting, and DDL takes no parameters.
    const attributes = `LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`;
    await runner.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${quoteIdentifier(role)} ${attributes}`);
    await grantRuntime(owner, role);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * What the serving role may do: read and write rows, and no more. The timeline is insert-only (no
 * UPDATE, DELETE or TRUNCATE, on top of the triggers the role cannot disable); the migrations table is
 * read-only. Run after every migration, so new tables are covered.
 */
async function grantRuntime(owner: DataSource, role: string): Promise<void> {
  const who = quoteIdentifier(role);
  const [{ database }] = await owner.query(`SELECT current_database() AS database`);
  await owner.query(`GRANT CONNECT ON DATABASE ${quoteIdentifier(database)} TO ${who}`);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${who}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${who}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${who}`);
  await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON case_events FROM ${who}`);
  await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${MIGRATIONS_TABLE} FROM ${who}`);
}

/** Drops a runtime role made by `createRuntimeRole` (the tests' cleanup), from a connection to another database. */
export async function dropRuntimeRole(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(`${database}_app`.slice(0, 63))}`);
  } finally {
    await client.end();
  }
}
