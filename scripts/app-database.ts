/**
 * The app's database, for the command-line tools (`npm run verify`, `npm run audit:figures`): the owner
 * role when MIGRATION_DATABASE_URL is set, else DATABASE_URL, else the embedded PostgreSQL under DATA_DIR —
 * the running app's (found through its postmaster.pid), or started for the run and stopped after.
 */
import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import type { EmbeddedDatabase } from '../src/database/embedded-database';

// Loaded when used: its binaries package is ESM-only, which Jest's runtime cannot load (the specs import this file).
const embeddedDatabase = (): typeof EmbeddedDatabase =>
  (require('../src/database/embedded-database') as { EmbeddedDatabase: typeof EmbeddedDatabase }).EmbeddedDatabase;

export const EMBEDDED_DATABASE = 'hotline12345';

export async function withAppDatabase<T>(work: (client: Client, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.migrationDatabaseUrl ?? config.databaseUrl ?? (await embeddedDatabase().running(config.dataDir, EMBEDDED_DATABASE));
  if (!url) {
    embedded = await embeddedDatabase().start({ dir: config.dataDir, database: EMBEDDED_DATABASE });
    url = embedded.url;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client, url);
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

/** `--name value` pairs of the command line. */
export function options(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[argv[i].slice(2)] = argv[++i];
  }
  return out;
}
