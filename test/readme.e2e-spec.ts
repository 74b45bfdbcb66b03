/**
 * The README's curl examples run as written. Every ```sh block with a `curl` in "Run it" and "The API in
 * short" is run, top to bottom, by bash with the real curl and jq, against the app started on a port of
 * its own (the blocks read it from `BASE`, as the README says) with the demo data: they must exit 0, and
 * what they print must be what the README promises — a case logged, and the citizen's view of it.
 */
import { Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { listen } from './support/live-client';

const README = resolve(__dirname, '..', 'README.md');
const SECTIONS = ['Run it', 'The API in short'];

/** The text of a `## ` section of the README, up to the next `## `. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The ```sh blocks of a piece of markdown that call curl. */
function curlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => /\bcurl\b/.test(code));
}

jest.setTimeout(60_000);

describe("the README's curl examples", () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error', 'warn']);
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({}, undefined, undefined, { databaseUrl: db.url });
    base = await listen(t);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('are there to run', () => {
    const blocks = SECTIONS.flatMap((title) => curlBlocks(section(readFileSync(README, 'utf8'), title)));
    expect(blocks.length).toBeGreaterThan(0);
    // Nothing left for the reader to fill in by hand.
    for (const block of blocks) expect(block).not.toMatch(/<[A-Za-z][\w-]*>/);
  });

  it('run top to bottom with bash, curl and jq, and show the case and its public view', async () => {
    const script = SECTIONS.flatMap((title) => curlBlocks(section(readFileSync(README, 'utf8'), title))).join('\n');
    // -e: a command that fails stops it; pipefail: so does a failure inside a pipe; -u: no unset variable.
    // Not spawnSync: the app answering curl runs in this very process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) =>
      execFile('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, BASE: base }, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) =>
        done({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      ),
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });

    // What it printed: the case it logged (jq's objects, one after another), then the citizen's view.
    const printed = run.stdout
      .split(/\n(?=\{)/)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(printed).toHaveLength(2);
    const [logged, publicView] = printed;
    expect(logged).toEqual({ trackingCode: expect.stringMatching(/^[A-Z0-9]{10}$/), queryCode: expect.stringMatching(/^\d{6}$/), status: expect.any(String) });
    expect(publicView).toMatchObject({ trackingCode: logged.trackingCode, status: logged.status });
    expect((publicView.timeline as string[]).length).toBeGreaterThan(0);

    // And it is a real case in the database, logged by op1.
    const [row] = await t.dataSource.query(
      `SELECT c.title, u.username FROM cases c JOIN case_events e ON e.case_id = c.id AND e.seq = (SELECT min(seq) FROM case_events WHERE case_id = c.id)
         LEFT JOIN users u ON u.id = e.actor_id WHERE c.tracking_code = $1`,
      [logged.trackingCode],
    );
    expect(row).toEqual({ title: '夜间施工噪音', username: 'op1' });
  });
});
