import { Client } from 'pg';
import { login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { countWholeCases, intakeUnderFaults } from './support/intake-load';

describe('faults: every database connection of the app is terminated under load', () => {
  const applicationName = `hotline-faults-${process.pid}`;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp({}, undefined, undefined, { applicationName });
    admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  it('fails requests in flight with 503, recovers within 5 s, and leaves exactly one whole case per key', async () => {
    const token = await login(t, 'op1', 'demo12345');
    const killed: number[] = [];
    let faultAt = 0;
    const fault = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let round = 0; round < 3; round++) {
        faultAt = Date.now();
        const rows = await admin.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          [applicationName],
        );
        killed.push(rows.rowCount ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const report = await intakeUnderFaults(t, token, { minimum: 60, workers: 8, during: fault });
    await fault;

    expect(killed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(new Set(report.statuses.filter((s) => s !== 201 && s !== 503))).toEqual(new Set());
    expect(report.slowestMs).toBeLessThan(6_000);
    expect(await countWholeCases(t, report.marker)).toEqual({ cases: report.keys.length, withoutEvent: 0, withoutKey: 0 });

    // Once more with nothing in flight: how long until a new request succeeds?
    faultAt = Date.now();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [applicationName]);
    let recoveredAt = 0;
    while (!recoveredAt && Date.now() - faultAt < 10_000) {
      const res = await t.http().get('/api/cases').query({ limit: 1 }).set('Authorization', `Bearer ${token}`);
      if (res.status === 200) recoveredAt = Date.now();
      else expect(res.status).toBe(503);
    }
    expect(recoveredAt - faultAt).toBeLessThan(5_000);
    // The app is healthy again.
    await t.http().get('/health').expect(200);
  });
});
