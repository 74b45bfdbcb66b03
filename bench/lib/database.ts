import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropRuntimeRole } from '../../src/database/database-roles';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

export interface BenchDatabase {
  /** The fresh database the benchmark fills and measures. */
  url: string;
  /** `embedded PostgreSQL in /tmp/…` or `DATABASE_URL's server`. */
  where: string;
  /** Drops the database (or stops the embedded server and removes its folder). Safe to call twice. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, empty database named `hotline_bench_<timestamp>`: on the server of `serverUrl` when it is
 * given (dropped afterwards), else on an embedded PostgreSQL in a temporary folder (removed afterwards).
 */
export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const name = `hotline_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-bench-'));
    let embedded: EmbeddedDatabase | undefined;
    try {
      embedded = await EmbeddedDatabase.start({ dir, database: name });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    let dropped = false;
    return {
      url: embedded.url,
      where: `an embedded PostgreSQL in ${dir}`,
      async drop() {
        if (dropped) return;
        dropped = true;
        await embedded.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    url: withDatabase(serverUrl, name),
    where: `database ${name} on the server of DATABASE_URL`,
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
      // The role the app made to serve through (src/database/database-roles.ts).
      await dropRuntimeRole(serverUrl, name);
    },
  };
}

/** Runs `work` with one connected client, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
