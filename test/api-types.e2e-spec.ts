import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { API_SCHEMA_FILE, renderApiTypes } from '../scripts/api-types';
import { startApp, type TestApp } from './setup/test-app';

/**
 * The console's types are generated from the API's OpenAPI document (`npm run api:types`). This spec
 * renders them again from the running app and fails when the committed file differs: a DTO changed on
 * the server without the console being regenerated (and typechecked against it).
 */
describe('the console’s generated API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('match the OpenAPI document the server serves', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as object;
    const expected = await renderApiTypes(document);
    const committed = await readFile(API_SCHEMA_FILE, 'utf8').catch(() => '');
    if (committed !== expected) {
      throw new Error(
        `${relative(process.cwd(), API_SCHEMA_FILE)} is out of date with the server's OpenAPI document: ` +
          'run `npm run api:types`, then `npm run typecheck` and fix what the new types break.\n' +
          firstDifference(committed, expected),
      );
    }
  });
});

/** Where the two texts part, as a few lines of each, so the message says what changed. */
function firstDifference(committed: string, expected: string): string {
  const a = committed.split('\n');
  const b = expected.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (lines: string[]) => lines.slice(Math.max(0, i - 2), i + 4).join('\n');
  return `First difference at line ${i + 1}.\n--- committed\n${around(a)}\n--- from the server\n${around(b)}`;
}
