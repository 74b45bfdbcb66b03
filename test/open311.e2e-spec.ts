import { Client } from 'pg';
import { XMLParser } from 'fast-xml-parser';
import { asUser, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * Open311 GeoReport v2 as its clients talk to it: form-encoded POSTs, JSON and XML (parsed with
 * fast-xml-parser), checked against the specification's own examples (open311.github.io,
 * GeoReport_v2/index.md and Service_Discovery.md): the same fields, the same shapes, errors as
 * `[{code, description}]`.
 */

// The field names of the spec's example responses.
const SPEC = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  created: ['service_request_id', 'service_notice', 'account_id'],
  request: [
    'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
    'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
  ],
};

/** The spec's example POST (GeoReport v2, "POST Service Request", Example Request), with this city's service, a mainland phone and a point in 清远 (San Francisco's is outside the city: 400). */
const SPEC_POST_BODY = (apiKey: string, phone = '13912345678') =>
  `api_key=${apiKey}&jurisdiction_id=city.gov&service_code=environment.noise&lat=23.69151&long=113.05618&address_string=1234+5th+street` +
  `&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=${phone}` +
  `&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg` +
  `&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001`;

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format', 'attribute'].includes(name),
});
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let admin: string;
  let apiKey: string;
  let clientId: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await login(t, 'admin', 'demo12345');
    const created = await asUser(t, admin).post('/api/admin/open311-clients', { name: '清远市民通小程序' }).expect(201);
    ({ apiKey, id: clientId } = created.body);
  });
  afterAll(() => t.close());

  const post = (file: string, body: string) => t.http().post(`/open311/v2/${file}`).set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-8').send(body);

  it('registers client apps as an audited administrative change, showing the key once', async () => {
    expect(apiKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const list = await asUser(t, admin).get('/api/admin/open311-clients').expect(200);
    expect(list.body.find((c: { id: string }) => c.id === clientId)).toEqual({ id: clientId, name: '清远市民通小程序', active: true, createdAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(apiKey);
    // Recorded in the change's own transaction, naming the admin (other specs audit too: read the table).
    const audit = await t.dataSource.query(`SELECT action, actor_name, after FROM admin_audit WHERE entity = 'open311_clients' AND entity_id = $1`, [clientId]);
    expect(audit).toEqual([{ action: 'insert', actor_name: expect.any(String), after: expect.objectContaining({ name: '清远市民通小程序', active: true }) }]);
    expect(JSON.stringify(audit)).not.toContain(apiKey);
  });

  it('describes itself: discovery in both formats, as the Service Discovery example', async () => {
    const json = await t.http().get('/open311/v2/discovery.json').expect(200).expect('Content-Type', /application\/json/);
    expect(Object.keys(json.body)).toEqual(SPEC.discovery);
    expect(Object.keys(json.body.endpoints[0])).toEqual(SPEC.endpoint);
    expect(json.body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    const res = await t.http().get('/open311/v2/discovery.xml').expect(200).expect('Content-Type', /text\/xml/);
    expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const doc = xml.parse(res.text).discovery;
    expect(doc.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(doc.endpoints.endpoint[0].url).toBe(json.body.endpoints[0].url);
  });

  it('lists one service per leaf category, and each one’s definition', async () => {
    const json = await t.http().get('/open311/v2/services.json').expect(200);
    const noise = json.body.find((s: { service_code: string }) => s.service_code === 'environment.noise');
    expect(Object.keys(noise)).toEqual(SPEC.service);
    expect(noise).toMatchObject({ service_name: '噪音扰民', metadata: false, type: 'realtime' });
    expect(json.body.find((s: { service_code: string }) => s.service_code === 'environment')).toBeUndefined();
    const doc = xml.parse((await t.http().get('/open311/v2/services.xml').expect(200)).text);
    expect(doc.services.service).toHaveLength(json.body.length);
    expect(doc.services.service.find((s: { service_code: string }) => s.service_code === 'environment.noise')).toEqual({ ...noise, metadata: 'false' });
    expect((await t.http().get('/open311/v2/services/environment.noise.json').expect(200)).body).toEqual({ service_code: 'environment.noise', attributes: [] });
    expect(xml.parse((await t.http().get('/open311/v2/services/environment.noise.xml').expect(200)).text).service_definition.service_code).toBe('environment.noise');
  });

  it('takes the spec’s example request, and shows the created request without a tracking code or citizen data', async () => {
    const created = await post('requests.json', SPEC_POST_BODY(apiKey)).expect(201);
    expect(created.body).toHaveLength(1);
    expect(Object.keys(created.body[0])).toEqual(SPEC.created);
    const id = created.body[0].service_request_id as string;
    expect(id).toMatch(/^SR\d{4}-\d{6}$/);

    const [c] = await t.dataSource.query(
      `SELECT id, tracking_code, channel, kind, category_code, region_code, citizen_name, citizen_phone, latitude, longitude, media_url, open311_client_id, status FROM cases WHERE public_ref = $1`,
      [id],
    );
    expect(c).toMatchObject({ channel: 'open311', kind: 'report', category_code: 'environment.noise', citizen_name: 'smithjohn', citizen_phone: '13912345678', latitude: 23.69151, longitude: 113.05618, open311_client_id: clientId, region_code: '441802', status: 'dispatched' });
    expect(c.media_url).toBe('http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg');
    // The point lies in 清城区, whose noise rule dispatches at once: the receipt, then the dispatch.
    const receipts = await t.dataSource.query(`SELECT channel, template FROM notifications WHERE case_id = $1 AND template = 'receipt' ORDER BY channel`, [c.id]);
    expect(receipts).toEqual([{ channel: 'email', template: 'receipt' }, { channel: 'sms', template: 'receipt' }]);

    const one = await t.http().get(`/open311/v2/requests/${id}.json`).expect(200);
    expect(one.body).toHaveLength(1);
    expect(Object.keys(one.body[0])).toEqual(SPEC.request);
    expect(one.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已派单至清城区人民政府',
      service_name: '噪音扰民',
      service_code: 'environment.noise',
      description: 'A large sinkhole is destroying the street',
      agency_responsible: '清城区人民政府',
      address: '1234 5th street',
      lat: 23.69151,
      long: 113.05618,
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    });
    expect(one.body[0].requested_datetime).toMatch(W3);
    const text = JSON.stringify(one.body);
    for (const secret of [c.tracking_code, '13912345678', 'smit333', 'smith', 'john']) expect(text).not.toContain(secret);

    const asXml = xml.parse((await t.http().get(`/open311/v2/requests/${id}.xml`).expect(200).expect('Content-Type', /text\/xml/)).text);
    expect(asXml.service_requests.request[0]).toMatchObject({ service_request_id: id, status: 'open', lat: '23.69151', address_id: '' });
    const createdXml = xml.parse((await post('requests.xml', SPEC_POST_BODY(apiKey)).expect(201)).text);
    expect(createdXml.service_requests.request[0].service_request_id).toMatch(/^SR\d{4}-\d{6}$/);
  });

  it('lists only Open311 reports and cases whose citizen consented, never a tracking code', async () => {
    const consented = await t.http().post('/api/public/letters').send({ title: '建议增设公交站', content: '小区门口无公交站', phone: '13912345678', publicConsent: true }).expect(201);
    const privateLetter = await t.http().post('/api/public/letters').send({ title: '私人来信标题', content: '内容', phone: '13912345678' }).expect(201);
    const list = await t.http().get('/open311/v2/requests.json').expect(200);
    const titles = list.body.map((r: { description: string }) => r.description);
    expect(titles).toContain('建议增设公交站');
    expect(titles).not.toContain('私人来信标题');
    const body = JSON.stringify(list.body);
    expect(body).not.toContain(consented.body.trackingCode);
    expect(body).not.toContain(privateLetter.body.trackingCode);
    const letterRow = list.body.find((r: { description: string }) => r.description === '建议增设公交站');
    expect(letterRow).toMatchObject({ address: null, lat: null, long: null, media_url: null });
    const open = await t.http().get('/open311/v2/requests.xml').query({ status: 'closed', service_code: 'environment.noise' }).expect(200);
    expect(xml.parse(open.text).service_requests).toBe('');
  });

  it('answers errors in Open311’s shape, in the format asked for', async () => {
    const wrongKey = await post('requests.json', SPEC_POST_BODY('o311_wrong')).expect(403);
    expect(wrongKey.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrongKeyXml = xml.parse((await post('requests.xml', SPEC_POST_BODY('o311_wrong')).expect(403)).text);
    expect(wrongKeyXml.errors.error[0].code).toBe('403');
    const unknownService = await post('requests.json', SPEC_POST_BODY(apiKey).replace('service_code=environment.noise', 'service_code=no.such')).expect(404);
    expect(unknownService.body[0]).toMatchObject({ code: 404, description: expect.stringContaining('service_code') });
    const noPlace = await post('requests.json', `api_key=${apiKey}&service_code=environment.noise&description=x`).expect(400);
    expect(noPlace.body[0].description).toMatch(/location/);
    // The spec's own sample phone is not a number that can be called back here.
    const samplePhone = await post('requests.json', SPEC_POST_BODY(apiKey, '111111111')).expect(400);
    expect(samplePhone.body[0].description).toMatch(/phone/);
    const unknownField = await post('requests.json', `${SPEC_POST_BODY(apiKey)}&tracking_code=X`).expect(400);
    expect(unknownField.body[0]).toMatchObject({ code: 400, description: expect.stringContaining('tracking_code') });
    expect((await t.http().get('/open311/v2/services.html').expect(404)).body[0].code).toBe(404);
    expect((await t.http().get('/open311/v2/requests/SR2000-000001.json').expect(404)).body[0].code).toBe(404);
    expect((await t.http().get('/open311/v2/requests.json').query({ start_date: '2020-01-01T00:00:00Z', end_date: '2021-01-01T00:00:00Z' }).expect(400)).body[0].description).toMatch(/90 days/);
    // A form body is refused where JSON is the language.
    await t.http().post('/api/public/letters').set('Content-Type', 'application/x-www-form-urlencoded').send('title=a&content=b&phone=13912345678').expect(415);

    await asUser(t, admin).patch(`/api/admin/open311-clients/${clientId}`, { active: false }).expect(200);
    await post('requests.json', SPEC_POST_BODY(apiKey)).expect(403);
  });

  it('numbers published requests past the millionth without a duplicate (six digits at least, more when needed)', async () => {
    // Last in this file: the sequence is the database's, and other specs' references only grow from here.
    await asUser(t, admin).patch(`/api/admin/open311-clients/${clientId}`, { active: true }).expect(200);
    const owner = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await owner.connect();
    await owner.query(`SELECT setval('service_request_ref_seq', 999998)`).finally(() => owner.end());
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post('requests.json', SPEC_POST_BODY(apiKey)).expect(201)).body[0].service_request_id);
    expect(ids.map((id) => id.split('-')[1])).toEqual(['999999', '1000000', '1000001']);
    expect((await t.http().get(`/open311/v2/requests/${ids[1]}.json`).expect(200)).body[0].service_request_id).toBe(ids[1]);
  });
});
