import { randomUUID } from 'node:crypto';
import { newTrackingCode } from '../src/cases/codes';
import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

const letter = (overrides: Record<string, unknown> = {}) => ({
  name: '王先生',
  phone: '13600001234',
  title: `小区路灯坏了一个月 ${randomUUID().slice(0, 8)}`,
  content: '凤城街道某小区路灯坏了一个月，晚上出行很不安全。',
  regionCode: '441802',
  ...overrides,
});

describe('citizens: letters and status lookups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('a letter becomes a received mailbox case; its citizen looks it up with the phone digits or the query code', async () => {
    const sent = await t.http().post('/api/public/letters').send(letter()).expect(201);
    expect(sent.body).toEqual({
      trackingCode: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/),
      queryCode: expect.stringMatching(/^\d{6}$/),
    });
    const { trackingCode, queryCode } = sent.body;

    for (const verify of ['1234', queryCode]) {
      const res = await t.http().get(`/api/public/cases/${trackingCode}`).query({ verify }).expect(200);
      expect(res.body).toEqual({
        trackingCode,
        status: 'received',
        kind: 'complaint',
        title: expect.stringContaining('小区路灯坏了一个月'),
        createdAt: expect.any(String),
        owner: { name: '12345政务服务便民热线' },
        deadline: expect.any(String),
        timeline: [expect.objectContaining({ type: 'case.created', status: 'received', ownerName: '12345政务服务便民热线' })],
        attachments: [],
      });
      // Nothing about the citizen or the staff leaks into the public view.
      expect(JSON.stringify(res.body)).not.toMatch(/13600001234|王先生|actor/);
    }
    // People read codes out loud and type them in lower case with dashes.
    const typed = `${trackingCode.slice(0, 5).toLowerCase()}-${trackingCode.slice(5)}`;
    await t.http().get(`/api/public/cases/${typed}`).query({ verify: '1234' }).expect(200);

    const operator = await login(t, 'op1', 'demo12345');
    const list = await t.http().get('/api/cases').query({ q: trackingCode }).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ trackingCode, channel: 'mailbox', status: 'received', categoryCode: null, regionCode: '441802' }),
    ]);
    const full = await t.http().get(`/api/cases/${list.body.items[0].id}`).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(full.body.timeline[0].actor).toEqual({ type: 'citizen' });
  });

  it('a staff case is found by its citizen too', async () => {
    const operator = await login(t, 'op1', 'demo12345');
    const created = await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201);
    await t.http().get(`/api/public/cases/${created.body.trackingCode}`).query({ verify: '5678' }).expect(200);
    await t.http().get(`/api/public/cases/${created.body.trackingCode}`).query({ verify: created.body.queryCode }).expect(200);
  });

  it('a wrong tracking code and a wrong verification get the same 404', async () => {
    const { body } = await t.http().post('/api/public/letters').send(letter()).expect(201);
    const wrongVerify = await t.http().get(`/api/public/cases/${body.trackingCode}`).query({ verify: '0000' }).expect(404);
    const wrongQueryCode = await t
      .http()
      .get(`/api/public/cases/${body.trackingCode}`)
      .query({ verify: body.queryCode === '000000' ? '111111' : '000000' })
      .expect(404);
    const noSuchCode = await t.http().get('/api/public/cases/ZZZZZZZZZZ').query({ verify: '1234' }).expect(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, correlationId: undefined });
    expect(strip(wrongVerify.body)).toEqual(strip(noSuchCode.body));
    expect(strip(wrongQueryCode.body)).toEqual(strip(noSuchCode.body));
    expect(noSuchCode.body).toEqual(expect.objectContaining({ statusCode: 404, correlationId: expect.any(String) }));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing phone', { phone: undefined }, 'phone'],
    ['an invalid phone', { phone: '555-1234' }, 'phone'],
    ['a missing title', { title: undefined }, 'title'],
    ['content over 10,000 characters', { content: 'x'.repeat(10_001) }, 'content'],
    ['an unknown field', { channel: 'hotline' }, 'channel'],
    ['an unknown region', { regionCode: '000000' }, 'regionCode'],
  ])('a letter with %s → 400', async (_, override, field) => {
    const res = await t.http().post('/api/public/letters').send(letter(override)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('a lookup without a well-formed verification → 400', async () => {
    const res = await t.http().get('/api/public/cases/ZZZZZZZZZZ').query({ verify: 'abc' }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain('verify');
    await t.http().get('/api/public/cases/ZZZZZZZZZZ').expect(400);
  });

  it('a letter retried with the same Idempotency-Key is one case', async () => {
    const key = randomUUID();
    const body = letter();
    const first = await t.http().post('/api/public/letters').set('Idempotency-Key', key).send(body).expect(201);
    const again = await t.http().post('/api/public/letters').set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body).toEqual(first.body);
  });
});

describe('citizens: rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ publicRateLimitPerMinute: 3, lookupFailuresPerHour: 1000 });
  });
  afterAll(() => t.close());

  it('answers 429 once one client has sent too many letters', async () => {
    for (let i = 0; i < 3; i++) await t.http().post('/api/public/letters').send(letter()).expect(201);
    const res = await t.http().post('/api/public/letters').send(letter()).expect(429);
    expect(res.body).toEqual(expect.objectContaining({ statusCode: 429, correlationId: expect.any(String) }));
  });

  it('answers 429 once one client has looked up too many cases, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) await t.http().get(`/api/public/cases/${newTrackingCode()}`).set('X-Forwarded-For', '10.1.0.1').query({ verify: '123456' }).expect(404);
    const res = await t.http().get(`/api/public/cases/${newTrackingCode()}`).set('X-Forwarded-For', '10.1.0.1').query({ verify: '123456' }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('citizens: guessing one tracking code from many places', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ lookupFailuresPerHour: 3 });
  });
  afterAll(() => t.close());

  it('limits wrong verifications per tracking code, whether or not it exists, so 429 reveals nothing', async () => {
    for (const code of [newTrackingCode(), newTrackingCode()]) {
      for (let i = 0; i < 3; i++) {
        await t.http().get(`/api/public/cases/${code}`).set('X-Forwarded-For', `10.0.${i}.1`).query({ verify: '1234' }).expect(404);
      }
      const res = await t.http().get(`/api/public/cases/${code}`).set('X-Forwarded-For', '10.0.9.1').query({ verify: '1234' }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});
