import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { DEMO_TITLE_PREFIX, seedDemoHistory } from '../src/demo/demo-history';
import { HotspotDetector } from '../src/hotspots/hotspot-detector.service';
import { asUser, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

jest.setTimeout(60_000);

// The demo city's history (SEED_DEMO only): seeded here into a database of its own, since no other
// spec may see or rely on it.
describe('the demo history (SEED_DEMO)', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createSiblingDatabase();
    t = await startApp({}, undefined, undefined, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('makes four weeks of marked background cases and a spike the detector finds, once', async () => {
    const owner = await new DataSource(dataSourceOptions(database.url)).initialize();
    try {
      const now = new Date();
      await seedDemoHistory(owner, now);
      await seedDemoHistory(owner, now); // a second start adds nothing
    } finally {
      await owner.destroy();
    }
    const [{ n, unmarked, days }] = await t.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE title NOT LIKE $1)::int AS unmarked,
              count(DISTINCT (created_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS days FROM cases`,
      [`${DEMO_TITLE_PREFIX}%`],
    );
    expect(n).toBeGreaterThan(4000);
    expect(n).toBeLessThan(9000);
    expect(unmarked).toBe(0);
    expect(days).toBeGreaterThanOrEqual(28);
    const [{ events }] = await t.dataSource.query(`SELECT count(*)::int AS events FROM case_events`);
    expect(events).toBe(n);

    expect(await t.app.get(HotspotDetector).detect()).toEqual(expect.objectContaining({ detected: expect.any(Number) }));
    const supervisor = asUser(t, await login(t, 'sup1', 'demo12345'));
    const hotspots = (await supervisor.get('/api/hotspots').expect(200)).body;
    expect(hotspots).toEqual(expect.arrayContaining([expect.objectContaining({ categoryCode: 'water.supply', regionCode: '441802', count: expect.any(Number) })]));
    const overview = (await supervisor.get('/api/stats/overview').expect(200)).body;
    expect(overview.intakeByHourBaseline.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(100);
    expect(overview.byRegion.every((r: { count: number }) => r.count >= 0)).toBe(true);
    const verified = (await supervisor.get(`/api/cases/${hotspots[0].caseIds[0]}/verify`).expect(200)).body;
    expect(verified).toEqual(expect.objectContaining({ ok: true }));
  });
});
