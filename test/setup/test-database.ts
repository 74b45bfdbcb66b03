import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { seedDemoData } from '../../src/demo/demo-seed';
import type { EmbeddedDatabase } from '../../src/database/embedded-database';
import { dropRuntimeRole } from '../../src/database/database-roles';
import { migrate } from '../../src/database/migrate';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database with the demo data: a new database on the server of DATABASE_URL when it
 * is set, otherwise on an embedded PostgreSQL in a temporary folder. Either way, real PostgreSQL.
 */
export async function createTestDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let dir: string | undefined;
  let adminUrl = serverUrl;
  if (!adminUrl) {
    dir = await mkdtemp(join(tmpdir(), 'hotline-test-'));
    // Loaded only here: its binaries package is ESM-only, which Jest's runtime cannot load in a spec.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EmbeddedDatabase: Embedded } = require('../../src/database/embedded-database') as { EmbeddedDatabase: typeof EmbeddedDatabase };
    embedded = await Embedded.start({ dir, database: 'postgres' });
    adminUrl = embedded.url;
  }
  const database = await createDatabaseOn(adminUrl);
  return {
    url: database.url,
    async drop() {
      if (!embedded) return database.drop();
      await embedded.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createDatabaseOn(adminUrl: string): Promise<TestDatabase> {
  const name = `hotline_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = withDatabase(adminUrl, name);
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  await migrate(dataSource);
  await seedDemoData(dataSource);
  await dataSource.destroy();

  return {
    url,
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      // The runtime role the app made for that database (database/database-roles.ts).
      await dropRuntimeRole(adminUrl, name);
    },
  };
}

/**
 * Another fresh, migrated database with the demo data, on the server of the suite's test database: for
 * a spec whose writes must not reach the others' (the fuzzing of every administrative route).
 */
export async function createSiblingDatabase(): Promise<TestDatabase> {
  const suite = process.env.TEST_DATABASE_URL;
  if (!suite) throw new Error('TEST_DATABASE_URL is not set: run the e2e specs through jest (global setup)');
  return createDatabaseOn(withDatabase(suite, 'postgres'));
}
