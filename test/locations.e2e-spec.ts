import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/** WGS-84 points as a phone reports them. */
const QINGCHENG = { lat: 23.6906, lng: 113.0474 }; // 清城区, the city centre
const YINGDE = { lat: 24.1818, lng: 113.4027 }; // 英德市
const GUANGZHOU = { lat: 23.1291, lng: 113.2644 }; // outside 清远

describe('locations on cases (WGS-84; the county from the shipped boundaries)', () => {
  let t: TestApp;
  let operator: ReturnType<typeof asUser>;

  beforeAll(async () => {
    t = await startApp();
    operator = asUser(t, await login(t, 'op1', 'demo12345'));
  });
  afterAll(() => t.close());

  it('a call with a location and no region gets the county-level region containing the point', async () => {
    const res = await operator.post('/api/cases', caseBody({ regionCode: undefined, location: YINGDE })).expect(201);
    expect(res.body).toEqual(expect.objectContaining({ regionCode: '441881', location: YINGDE }));
    const read = await operator.get(`/api/cases/${res.body.id}`).expect(200);
    expect(read.body.location).toEqual(YINGDE);
    const [row] = await t.dataSource.query(`SELECT latitude, longitude FROM cases WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ latitude: YINGDE.lat, longitude: YINGDE.lng });
  });

  it('a region given with the point stays as given', async () => {
    const res = await operator.post('/api/cases', caseBody({ regionCode: '441802', location: YINGDE })).expect(201);
    expect(res.body).toEqual(expect.objectContaining({ regionCode: '441802', location: YINGDE }));
  });

  it('a point outside the city is a 400, with or without a region, and nothing is written', async () => {
    for (const regionCode of [undefined, '441802']) {
      const title = `outside ${regionCode ?? 'no region'} ${Date.now()}`;
      const res = await operator.post('/api/cases', caseBody({ regionCode, location: GUANGZHOU, title })).expect(400);
      expect(res.body).toEqual(expect.objectContaining({ code: 'LOCATION_OUTSIDE_CITY' }));
      expect(await t.dataSource.query(`SELECT 1 FROM cases WHERE title = $1`, [title])).toHaveLength(0);
    }
  });

  it.each([
    ['neither region nor location', { regionCode: undefined }],
    ['a latitude without a longitude', { location: { lat: 23.69 } }],
    ['a latitude out of range', { location: { lat: 95, lng: 113 } }],
    ['a longitude as text', { location: { lat: 23.69, lng: '113.04' } }],
    ['an unknown field in the location', { location: { ...QINGCHENG, alt: 12 } }],
    ['a location that is not an object', { location: '23.69,113.04' }],
  ])('%s → 400', async (_, overrides) => {
    await operator.post('/api/cases', caseBody(overrides)).expect(400);
  });

  it('a letter with the phone’s position and no region gets its county; departments see the location like the address', async () => {
    const letter = await t
      .http()
      .post('/api/public/letters')
      .send({ phone: '13912345678', title: '路灯不亮', content: '小区门口路灯坏了一周。', location: QINGCHENG })
      .expect(201);
    const [row] = await t.dataSource.query(`SELECT id, region_code AS "regionCode", latitude, longitude FROM cases WHERE tracking_code = $1`, [
      letter.body.trackingCode,
    ]);
    expect(row).toEqual(expect.objectContaining({ regionCode: '441802', latitude: QINGCHENG.lat, longitude: QINGCHENG.lng }));

    await t.http().post('/api/public/letters').send({ phone: '13912345678', title: 't', content: 'c', location: GUANGZHOU }).expect(400);

    // Dispatched to a department, the case shows it where it is.
    const department = await createDepartment(t.dataSource);
    const handler = await staff(t, 'handler', department.id);
    await operator.patch(`/api/cases/${row.id}`, { categoryCode: 'urban.management' }).expect(200);
    await operator.post(`/api/cases/${row.id}/dispatch`, { departmentId: department.id }).expect(200);
    const seen = await asUser(t, handler.token).get(`/api/cases/${row.id}`).expect(200);
    expect(seen.body.location).toEqual(QINGCHENG);
  });

  it('the database holds both coordinates or neither', async () => {
    const res = await operator.post('/api/cases', caseBody()).expect(201);
    expect(res.body.location).toBeNull();
    await expect(t.dataSource.query(`UPDATE cases SET latitude = 23.7 WHERE id = $1`, [res.body.id])).rejects.toThrow(/cases_location_pair/);
  });
});
