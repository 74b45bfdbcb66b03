import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { countWholeCases, intakeUnderFaults } from './support/intake-load';

/** A PostgreSQL this spec owns (never a shared server), driven through a child process. */
class OwnDatabase {
  private lines: AsyncIterator<string>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly url: string,
    lines: AsyncIterator<string>,
  ) {
    this.lines = lines;
  }

  static async start(dir: string): Promise<OwnDatabase> {
    const script = join(__dirname, 'support', 'embedded-control.ts');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], { cwd: join(__dirname, '..') });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = (await lines.next()).value as string;
    if (!first?.startsWith('ready ')) throw new Error(`embedded-control: ${first}`);
    return new OwnDatabase(child, first.slice('ready '.length), lines);
  }

  async command(command: 'stop' | 'start' | 'quit'): Promise<void> {
    this.child.stdin.write(`${command}\n`);
    await this.lines.next();
    if (command === 'quit') this.child.stdin.end();
  }
}

describe('faults: the database restarts under load', () => {
  let dir: string;
  let own: OwnDatabase;
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-faults-'));
    own = await OwnDatabase.start(dir);
    db = await createTestDatabase(own.url);
    t = await startApp({}, undefined, undefined, { databaseUrl: db.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await own?.command('quit');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the process up, answers 503 while it is down, is back within 5 s, one whole case per key', async () => {
    const token = await login(t, 'op1', 'demo12345');
    let upAgainAt = 0;
    const restart = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await own.command('stop');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await own.command('start');
      upAgainAt = Date.now();
    })();
    const report = await intakeUnderFaults(t, token, { minimum: 60, workers: 8, during: restart });
    await restart;

    expect(report.statuses).toContain(503);
    expect(new Set(report.statuses.filter((s) => s !== 201 && s !== 503))).toEqual(new Set());
    expect(report.slowestMs).toBeLessThan(6_000);
    const firstAfter = report.succeededAt.filter((at) => at >= upAgainAt).sort((a, b) => a - b)[0];
    expect(firstAfter - upAgainAt).toBeLessThan(5_000);
    expect(await countWholeCases(t, report.marker)).toEqual({ cases: report.keys.length, withoutEvent: 0, withoutKey: 0 });
    await t.http().get('/health').expect(200);
  }, 90_000);
});
