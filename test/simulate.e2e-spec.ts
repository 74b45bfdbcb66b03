import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate, type SimulationReport } from '../sim/simulation';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

const ROOT = join(__dirname, '..');

/** `npm run simulate` as a user runs it: its exit status, its output and the JSON report it wrote. */
function runCli(env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', join(ROOT, 'sim/run.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('npm run simulate: a small month through the real API, on a virtual clock', () => {
  let database: TestDatabase;
  let report: SimulationReport;

  beforeAll(async () => {
    database = await createSiblingDatabase();
    report = await simulate({
      databaseUrl: database.url,
      cases: 200,
      days: 3,
      drainDays: 3,
      start: '2026-09-07', // a Monday: four working days, then a weekend
      seed: 7,
      sweepSeconds: 1800,
      sampleMinutes: 60,
      concurrency: 16,
      log: () => undefined,
    });
  }, 420_000);
  afterAll(() => database?.drop());

  it('keeps every promise, on figures asked of the database', () => {
    expect(report.promises.filter((p) => !p.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unexpectedAnswers).toEqual([]);
    const f = report.figures;
    expect(f.unaccountableOpen).toMatchObject({ deactivatedOwner: 0, centreOverdueUnreminded: 0 });
    expect(f.returnedFourthTime).toBe(0);
    expect(f.auditFigures).toMatchObject({ differences: 0, notRecomputable: 0, cases: 200 });
    expect(f.overdueNotRemindedWithinOneSweep).toMatchObject({ sampled: 0, remindersLate: 0, duplicates: 0 });
    expect(f.realClockLeaks).toEqual([]);
  });

  it('played the month it says: every kind of step, through HTTP, sampled every virtual hour', () => {
    expect(report.cases.logged).toBe(200);
    expect(report.cases.byChannel.mailbox).toBeGreaterThan(0);
    for (const action of ['intake', 'dispatch', 'sign', 'return', 'reject-return', 'reply', 'callback', 'rating (citizen)', 'sub-dispatch']) {
      expect(report.actions[action]).toBeGreaterThan(0);
    }
    // 3 days of intake and up to 3 more: one sample an hour, one sweep every 30 virtual minutes.
    expect(report.samples).toBeGreaterThanOrEqual(3 * 24);
    expect(report.sweeps).toBeGreaterThanOrEqual(report.samples * 2 - 2);
    expect(report.figures.overdueNotRemindedWithinOneSweep.reminders).toBeGreaterThan(0);
    expect(report.figures.timeToOwnerHours.p50).toBeGreaterThan(0);
    expect(report.figures.timeToOwnerHours.p95!).toBeGreaterThanOrEqual(report.figures.timeToOwnerHours.p50!);
    expect(report.figures.replyOnTime.rate).toBeGreaterThan(0.5);
    // The reform's department is deactivated only once it holds no open case.
    expect(report.deactivation.refused + (report.deactivation.at ? 1 : 0)).toBeGreaterThan(0);
  });

  it('fails, exits 1 and names the promise when a department holding open cases is switched off behind the app', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simulate-'));
    try {
      const server = new URL(process.env.TEST_DATABASE_URL!);
      server.pathname = '/postgres';
      const { status, output } = await runCli({
        DATABASE_URL: server.toString(),
        SIM_CASES: '40',
        SIM_DAYS: '2',
        SIM_DRAIN_DAYS: '0',
        SIM_SWEEP_SECONDS: '1800',
        SIM_FAULT: 'deactivated-owner',
        SIM_REPORT: join(dir, 'report.json'),
      });
      expect(output).toMatch(/FAIL\s+open cases held by a deactivated department/);
      expect(output).toMatch(/Broken: open cases held by a deactivated department/);
      expect(status).toBe(1);
      const written = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as SimulationReport;
      expect(written.ok).toBe(false);
      expect(written.figures.unaccountableOpen.deactivatedOwner).toBeGreaterThan(0);
      expect(written.promises.filter((p) => !p.ok).map((p) => p.name)).toContain('open cases held by a deactivated department (any sampled instant)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
