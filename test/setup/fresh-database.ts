import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { seedDemoData } from '../../src/database/demo-seed';
import { migrate } from '../../src/database/migrate';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A new database on the server `serverUrl` points at, migrated and seeded with the demo city. Specs that
 * need a city of their own (the browser test's screenshots show only what it made) use it directly;
 * the global setup uses it for the database every other spec shares.
 */
export async function createFreshDatabase(serverUrl: string, prefix = 'hotline_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = withDatabase(serverUrl, name);
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  await migrate(dataSource);
  await seedDemoData(dataSource);
  await dataSource.destroy();

  return {
    url,
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
