import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from './test-database';

declare global {
  var testDatabase: TestDatabase | undefined;
}

/** Once per `npm test`: one fresh database that every e2e spec shares, isolating itself by its own data. */
export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  globalThis.testDatabase = await createTestDatabase(process.env.DATABASE_URL || undefined);
  // Workers start after this and inherit it.
  process.env.TEST_DATABASE_URL = globalThis.testDatabase.url;
}
