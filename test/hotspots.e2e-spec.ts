import { HotspotDetector } from '../src/hotspots/hotspot-detector.service';
import { HotspotsRepository } from '../src/hotspots/hotspots.repository';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';
import { LiveClient, listen } from './support/live-client';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A quiet history: over the previous 28 days, one water-supply call a day in 清城区, always at least
 * four hours away from the clock time of the test's window, and a few other calls. Inserted directly:
 * only their time, category and region matter to the detector.
 */
async function quietHistory(t: TestApp, now: Date): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status,
                        stage_started_at, created_at, updated_at, closed_at, close_reason)
     SELECT 'H' || translate(lpad(d::text, 3, '0') || k, '0123456789', 'ABCDEFGHJK') || 'QXETW2', '000000', 'hotline', 'complaint',
            (ARRAY['water.supply', 'environment.noise', 'water.supply'])[k], '441802', '往日来电', '往日来电', 'closed',
            at, at, at, at + interval '10 minutes', 'answered'
       FROM generate_series(1, 28) d, generate_series(1, 3) k,
            LATERAL (SELECT $1::timestamptz - d * interval '1 day' - (4 + k * 3) * interval '1 hour' AS at) x`,
    [now],
  );
}

describe('hotspots: a spike in one county raises one hotspot.detected, across two instances', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  const clock = new TestClock();
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    // A database of its own: every other spec logs water-supply calls in 清城区 all the time.
    database = await createSiblingDatabase();
    first = await startApp({}, undefined, clock, { databaseUrl: database.url, applicationName: 'hotspots-1' });
    second = await startApp({}, undefined, clock, { databaseUrl: database.url, applicationName: 'hotspots-2' });
    await quietHistory(first, new Date());
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('six water-supply calls in 清城区 within minutes: each supervisor’s socket gets exactly one hotspot.detected; departments none', async () => {
    const [firstUrl, secondUrl] = [await listen(first), await listen(second)];
    // Passport's strategies are process-wide: the app created last verifies every app's tokens.
    const operator = asUser(second, await login(second, 'op1', 'demo12345'));
    const supervisorToken = await login(second, 'sup1', 'demo12345');
    const swj = (await second.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`))[0].id as string;
    const handler = await staff(second, 'handler', swj);
    const onFirst = await LiveClient.connect(firstUrl, { token: supervisorToken });
    const onSecond = await LiveClient.connect(secondUrl, { token: supervisorToken });
    const operatorSocket = await LiveClient.connect(firstUrl, { token: await login(second, 'op1', 'demo12345') });
    const department = await LiveClient.connect(secondUrl, { token: handler.token });
    clients.push(onFirst, onSecond, operatorSocket, department);

    // Six calls, alternating between the instances, within a few seconds: both instances look for
    // hotspots after each intake (at most once a second each).
    const viaFirst = asUser(first, await login(second, 'op1', 'demo12345'));
    const viaSecond = asUser(second, await login(second, 'op1', 'demo12345'));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await (i % 2 === 0 ? viaFirst : viaSecond)
        .post('/api/cases', caseBody({ title: `片区停水 ${i + 1}`, address: `凤城街道某小区 ${i + 1} 栋` }))
        .expect(201);
      ids.push(res.body.id);
      // The department handler owns nothing here, and hears nothing either.
      if (i === 2) await operator.post(`/api/cases/${ids[0]}/dispatch`, { departmentId: swj }).expect(200);
    }
    await onFirst.until(() => onFirst.hotspots.length > 0, 'hotspot.detected on the first instance');
    await onSecond.until(() => onSecond.hotspots.length > 0, 'hotspot.detected on the second instance');
    // Time for any duplicate, and for the last calls to join (runs are a second apart at most).
    await new Promise((resolve) => setTimeout(resolve, 2500));

    for (const socket of [onFirst, onSecond, operatorSocket]) {
      const detected = socket.hotspots.filter((m) => m.type === 'hotspot.detected');
      expect(detected).toHaveLength(1);
      expect(detected[0]).toEqual(
        expect.objectContaining({ categoryCode: 'water.supply', regionCode: '441802', regionName: '清城区', status: 'active', baseline: 0 }),
      );
    }
    const detected = onFirst.hotspots[0];
    // Every case of the spike made it or joined it right after, each once; each socket heard the same.
    const joined = () => onFirst.hotspots.flatMap((m) => m.joinedCaseIds);
    expect(joined().sort()).toEqual([...ids].sort());
    expect(onSecond.hotspots.map((m) => [m.type, m.count])).toEqual(onFirst.hotspots.map((m) => [m.type, m.count]));
    expect(department.hotspots).toEqual([]);

    const list = await operator.get('/api/hotspots').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: detected.id, count: 6, status: 'active', caseIds: expect.arrayContaining(ids), incidentId: null }),
    ]);
    await asUser(second, handler.token).get('/api/hotspots').expect(403);

    // A seventh call joins it: one more hotspot.updated, once per socket.
    const heard = onFirst.hotspots.length;
    const seventh = await operator.post('/api/cases', caseBody({ title: '片区停水 7' })).expect(201);
    await onFirst.until(() => onFirst.hotspots.length > heard, 'hotspot.updated');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(onFirst.hotspots.slice(heard)).toEqual([
      expect.objectContaining({ type: 'hotspot.updated', id: detected.id, count: 7, joinedCaseIds: [seventh.body.id], joined: 1 }),
    ]);
    expect(onSecond.hotspots.slice(heard)).toEqual(onFirst.hotspots.slice(heard));
    expect(department.hotspots).toEqual([]);

    // A supervisor makes it an incident: the one case 市水务局 holds answers for all; the others merge into it.
    const supervisor = asUser(second, supervisorToken);
    const incident = await supervisor.post('/api/incidents', { title: '凤城街道片区停水', hotspotId: detected.id }).expect(201);
    expect(incident.body).toEqual(expect.objectContaining({ hotspotId: detected.id, masterCaseId: ids[0], merged: 6, linked: 0 }));
    expect((await operator.get(`/api/hotspots/${detected.id}`).expect(200)).body.incidentId).toBe(incident.body.id);
    expect((await supervisor.post('/api/incidents', { title: '再来一次', hotspotId: detected.id }).expect(409)).body.code).toBe('HOTSPOT_HAS_INCIDENT');

    // Three hours later the window has fallen back: the hotspot ends.
    clock.set(new Date(Date.now() + 3 * HOUR));
    expect(await first.app.get(HotspotDetector).detect()).toEqual({ detected: 0, updated: 0, ended: 1 });
    await onSecond.until(() => onSecond.hotspots.some((m) => m.status === 'ended'), 'the hotspot ending');
    expect((await operator.get('/api/hotspots').expect(200)).body).toEqual([]);
    const everything = await operator.get('/api/hotspots', { status: 'all' }).expect(200);
    expect(everything.body).toEqual([expect.objectContaining({ id: detected.id, status: 'ended', count: 7, endedAt: expect.any(String) })]);
  });

  it('a street that is always busy at that hour is no hotspot at six calls (mean + 3σ of the same window, 28 days)', async () => {
    const operator = asUser(second, await login(second, 'op1', 'demo12345'));
    const now = new Date(Date.now() + 4 * DAY);
    clock.set(now);
    // 英德: eight noise complaints in the same two hours on each of the last 28 days.
    await second.dataSource.query(
      `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status,
                          stage_started_at, created_at, updated_at, closed_at, close_reason)
       SELECT 'B' || translate(lpad(d::text, 3, '0') || lpad(k::text, 2, '0'), '0123456789', 'ABCDEFGHJK') || 'BXSY2', '000000', 'hotline', 'complaint', 'environment.noise', '441881',
              '往日来电', '往日来电', 'closed', at, at, at, at + interval '10 minutes', 'answered'
         FROM generate_series(1, 28) d, generate_series(1, 8) k,
              LATERAL (SELECT $1::timestamptz - d * interval '1 day' - k * interval '10 minutes' AS at) x`,
      [now],
    );
    for (let i = 0; i < 6; i++) {
      await operator.post('/api/cases', caseBody({ categoryCode: 'environment.noise', regionCode: '441881', title: `广场舞 ${i}` })).expect(201);
    }
    expect(await first.app.get(HotspotDetector).detect()).toEqual({ detected: 0, updated: 0, ended: 0 });
    expect((await operator.get('/api/hotspots').expect(200)).body).toEqual([]);
  });

  it('a case committed between the window’s count and the new hotspot’s join is counted with the others', async () => {
    const now = new Date(Date.now() + 6 * DAY);
    clock.set(now);
    const insertCalls = (values: string, params: unknown[]) =>
      first.dataSource.query(
        `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status,
                            stage_started_at, created_at, updated_at)
         SELECT code, '000000', 'hotline', 'complaint', 'labor.wage_arrears', '441802', '欠薪', '欠薪', 'received', at, at, at
           FROM (VALUES ${values}) AS v (code, at)`,
        params,
      );
    // Six wage-arrears calls in 清城区 within the hour, where there were none before.
    await insertCalls(
      Array.from({ length: 6 }, (_, i) => `($${2 * i + 1}, $${2 * i + 2}::timestamptz)`).join(', '),
      Array.from({ length: 6 }, (_, i) => [`WAGE${'ABCDEF'[i]}QXETW`, new Date(now.getTime() - (i + 1) * 5 * 60_000)]).flat(),
    );
    // The seventh commits after the detector counted six, just before the hotspot is written.
    const hotspots = first.app.get(HotspotsRepository);
    const insert = hotspots.insert.bind(hotspots);
    const spy = jest.spyOn(hotspots, 'insert').mockImplementation(async (values) => {
      await insertCalls(`($1, $2::timestamptz)`, ['WAGEGQXETW', new Date(values.windowEnd.getTime() - 1000)]);
      return insert(values);
    });
    try {
      expect(await first.app.get(HotspotDetector).detect()).toEqual(expect.objectContaining({ detected: 1 }));
    } finally {
      spy.mockRestore();
    }
    const [row] = await first.dataSource.query(
      `SELECT h.count, (SELECT count(*)::int FROM hotspot_cases hc WHERE hc.hotspot_id = h.id) AS cases
         FROM hotspots h WHERE h.category_code = 'labor.wage_arrears' AND h.status = 'active'`,
    );
    expect(row).toEqual({ count: 7, cases: 7 });
  });

  it('a case that commits half a minute after its time joins a growing hotspot at the next wide look back, not at every run', async () => {
    const now = new Date(Date.now() + 9 * DAY);
    clock.set(now);
    const insertCalls = (calls: [string, Date][]) =>
      first.dataSource.query(
        `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status,
                            stage_started_at, created_at, updated_at)
         SELECT code, '000000', 'hotline', 'complaint', 'market.food_safety', '441802', '食品安全', '食品安全', 'received', at, at, at
           FROM unnest($1::text[], $2::timestamptz[]) AS v (code, at)`,
        [calls.map(([code]) => code), calls.map(([, at]) => at)],
      );
    const joined = async () =>
      (
        await first.dataSource.query(
          `SELECT h.count FROM hotspots h WHERE h.category_code = 'market.food_safety' AND h.status = 'active'`,
        )
      )[0]?.count as number | undefined;
    await insertCalls(Array.from({ length: 6 }, (_, i) => [`FQQD${'ABCDEF'[i]}QXETW`, new Date(now.getTime() - (i + 1) * 5 * 60_000)]));
    const detector = first.app.get(HotspotDetector);
    await detector.detect();
    expect(await joined()).toBe(6);

    // Stamped 20 s before that run, committed after it (a slow transaction).
    await insertCalls([['FQQDGQXETW', new Date(now.getTime() - 20_000)]]);
    // The next runs look back only a few seconds before the hotspot's last change: not that far.
    clock.set(new Date(now.getTime() + 1_000));
    await detector.detect();
    expect(await joined()).toBe(6);
    // Half a minute after the last wide look back, a run looks a minute and a half back: it joins.
    clock.set(new Date(now.getTime() + 30_000));
    await detector.detect();
    expect(await joined()).toBe(7);
  });

  it('the policy is the admin’s, audited; departments and operators may not touch it', async () => {
    const admin = asUser(second, await login(second, 'admin', 'demo12345'));
    expect((await admin.get('/api/admin/hotspot-policy').expect(200)).body).toEqual(
      expect.objectContaining({ windowMinutes: 120, threshold: 5, sigmas: 3, historyDays: 28, enabled: true }),
    );
    const changed = await admin.put('/api/admin/hotspot-policy', { threshold: 8, sigmas: 2.5 }).expect(200);
    expect(changed.body).toEqual(expect.objectContaining({ windowMinutes: 120, threshold: 8, sigmas: 2.5 }));
    // (The official calendar may still be loading into this new database: look for the policy's entry.)
    const audit = await admin.get('/api/admin/audit', { limit: 100 }).expect(200);
    const entry = audit.body.items.find((e: { entity: string }) => e.entity === 'hotspot_policy');
    expect(entry).toEqual(
      expect.objectContaining({ entityId: 'city', action: 'update', actor: expect.objectContaining({ displayName: expect.any(String) }) }),
    );
    expect(entry.before).toEqual(expect.objectContaining({ threshold: 5, sigmas: 3 }));
    expect(entry.after).toEqual(expect.objectContaining({ threshold: 8, sigmas: 2.5 }));
    for (const bad of [{}, { threshold: 1 }, { windowMinutes: 5 }, { sigmas: 'three' }, { historyDays: 365 }, { enabled: 'yes' }, { other: 1 }]) {
      await admin.put('/api/admin/hotspot-policy', bad).expect(400);
    }
    await admin.put('/api/admin/hotspot-policy', { threshold: 5, sigmas: 3 }).expect(200);
    const operator = asUser(second, await login(second, 'op1', 'demo12345'));
    await operator.get('/api/admin/hotspot-policy').expect(403);
    await operator.put('/api/admin/hotspot-policy', { threshold: 9 }).expect(403);
  });

  it('department staff get 403 on hotspots, incidents and the city overview', async () => {
    const department = await createDepartment(second.dataSource);
    for (const role of ['handler', 'dept_lead'] as const) {
      const user = asUser(second, (await staff(second, role, department.id)).token);
      await user.get('/api/hotspots').expect(403);
      await user.get('/api/incidents').expect(403);
      await user.post('/api/incidents', { title: '停水', caseIds: [] }).expect(403);
      await user.get('/api/stats/overview').expect(403);
    }
  });
});
