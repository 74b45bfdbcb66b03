import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every instance of this app.
export const MIGRATION_LOCK = 1_234_500_001;

/**
 * Runs pending migrations while holding a session advisory lock, so instances starting together
 * migrate one after another instead of racing.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
