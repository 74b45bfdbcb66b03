import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { createFreshDatabase } from './fresh-database';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database with the demo data: a new database on the server of DATABASE_URL when it
 * is set, otherwise on an embedded PostgreSQL in a temporary folder. Either way, real PostgreSQL.
 */
export async function createTestDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  if (serverUrl) return createFreshDatabase(serverUrl);
  const dir = await mkdtemp(join(tmpdir(), 'hotline-test-'));
  const embedded = await EmbeddedDatabase.start({ dir, database: 'postgres' });
  const fresh = await createFreshDatabase(embedded.url);
  return {
    url: fresh.url,
    async drop() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
