import { randomUUID } from 'node:crypto';
import { caseBody, createUser, login } from './factories';
import { Case } from '../src/cases/case.entity';
import { CasesRepository } from '../src/cases/cases.repository';
import { newTrackingCode } from '../src/cases/codes';
import { Db } from '../src/database/db';
import { IdempotencyKeyJanitor } from '../src/intake/idempotency-key.janitor';
import { startApp, type TestApp } from './setup/test-app';

/** A citizen's case's first event, for writing a case through the repository. */
const createdEvent = (at: Date) =>
  ({
    type: 'case.created',
    at,
    actorKind: 'citizen',
    actorId: null,
    fromStatus: null,
    toStatus: 'received',
    fromOwnerDepartmentId: null,
    toOwnerDepartmentId: null,
    note: null,
    public: true,
  }) as const;

describe('intake: POST /api/cases', () => {
  let t: TestApp;
  let operator: string;
  const post = (body: unknown, key?: string) => {
    const req = t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
  });
  afterAll(() => t.close());

  it('logs a hotline call as a received case owned by the centre, with its first timeline event', async () => {
    const body = caseBody({ citizen: { name: '张先生', phone: '138 1234 5678', email: 'zhang@example.com' } });
    const res = await post(body).expect(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        trackingCode: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/),
        queryCode: expect.stringMatching(/^\d{6}$/),
        channel: 'hotline',
        kind: 'complaint',
        priority: 'normal',
        categoryCode: 'water.supply',
        regionCode: '441802',
        title: body.title,
        status: 'received',
        owner: { type: 'centre' },
        coDepartments: [],
        assigneeId: null,
        signDeadline: null,
        replyDeadline: null,
        callbackDeadline: null,
        overdue: false,
        returnCount: 0,
        supervised: false,
        version: 1,
        citizen: { name: '张先生', phone: '13812345678', email: 'zhang@example.com', confidential: false },
      }),
    );
    // The centre's dispatch clock runs: one working day, ending 23:59:59 Asia/Shanghai (15:59:59Z).
    expect(res.body.dispatchDeadline).toMatch(/T15:59:59\.000Z$/);
    expect(Date.parse(res.body.dispatchDeadline)).toBeGreaterThan(Date.now());

    const read = await t.http().get(`/api/cases/${res.body.id}`).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(read.body).toEqual(expect.objectContaining({ id: res.body.id, trackingCode: res.body.trackingCode, version: 1 }));
    expect(read.body.queryCode).toBeUndefined();
    expect(read.body.timeline).toEqual([
      expect.objectContaining({
        seq: expect.any(Number),
        type: 'case.created',
        actor: expect.objectContaining({ type: 'user', role: 'operator' }),
        fromStatus: null,
        toStatus: 'received',
        fromOwner: null,
        toOwner: { type: 'centre' },
        public: true,
      }),
    ]);
  });

  it('a new case whose tracking code is taken is not written, and the case holding the code gets no second event', async () => {
    const existing = (await post(caseBody()).expect(201)).body;
    const now = new Date();
    const sameCode: Partial<Case> = {
      trackingCode: existing.trackingCode,
      queryCode: '123456',
      channel: 'hotline',
      kind: 'complaint',
      title: '受理编号重复',
      content: '测试',
      createdAt: now,
      updatedAt: now,
      stageStartedAt: now,
    };
    const inserted = await t.app.get(Db).transaction(() => t.app.get(CasesRepository).insertCase(sameCode, createdEvent(now)));
    expect(inserted).toEqual({ codeTaken: true }); // the caller draws another code
    expect(await t.dataSource.query(`SELECT type FROM case_events WHERE case_id = $1`, [existing.id])).toEqual([{ type: 'case.created' }]);
  });

  it('gives back from its one statement the very case a read of it finds, with or without a key', async () => {
    const repository = t.app.get(CasesRepository);
    const now = new Date();
    const values = (code: string): Partial<Case> => ({
      trackingCode: code,
      queryCode: '654321',
      channel: 'app',
      kind: 'complaint',
      title: '井盖缺失',
      content: '测试',
      citizenPhone: '13800001111',
      latitude: 23.681234567891234,
      longitude: 113.05612345678901,
      dispatchDeadline: new Date(now.getTime() + 86_400_123),
      createdAt: now,
      updatedAt: now,
      stageStartedAt: now,
    });
    const event = createdEvent(now);
    const plain = await repository.insertCase(values(newTrackingCode()), event);
    const claimed = await repository.insertCase(values(newTrackingCode()), event, [], { scope: 'test:row', key: randomUUID(), requestHash: 'h' });
    for (const inserted of [plain, claimed]) {
      if (!('created' in inserted)) throw new Error(`not created: ${JSON.stringify(inserted)}`);
      const read = await repository.findById(inserted.created.id);
      expect({ ...inserted.created }).toEqual({ ...read });
      expect(inserted.created.createdAt).toBeInstanceOf(Date);
      expect(inserted.created.latitude).toBe(23.681234567891234);
      expect(inserted.created.returnsRefusedTo).toEqual([]);
    }
  });

  it('accepts a landline with its area code and an emergency priority with a 10-minute dispatch clock', async () => {
    const before = Date.now();
    const res = await post(caseBody({ priority: 'emergency', citizen: { phone: '(0763) 336-2345' } })).expect(201);
    expect(res.body.citizen.phone).toBe('07633362345');
    const minutes = (Date.parse(res.body.dispatchDeadline) - before) / 60_000;
    expect(minutes).toBeGreaterThan(9.9);
    expect(minutes).toBeLessThan(10.1);
  });

  describe('bad input gets a 400 naming the problem, and writes nothing', () => {
    const long = (n: number) => 'x'.repeat(n);
    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown field', { extra: 1 }, 'extra'],
      ['an unknown nested field', { citizen: { phone: '13912345678', age: 30 } }, 'age'],
      ['a missing title', { title: undefined }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a title over 200 characters', { title: long(201) }, 'title'],
      ['content over 10,000 characters', { content: long(10_001) }, 'content'],
      ['an address over 500 characters', { address: long(501) }, 'address'],
      ['a wrong channel', { channel: 'fax' }, 'channel'],
      ['a wrong kind', { kind: 'rant' }, 'kind'],
      ['a wrong priority', { priority: 'high' }, 'priority'],
      ['a number as title', { title: 42 }, 'title'],
      ['a string as publicConsent', { publicConsent: 'yes' }, 'publicConsent'],
      ['a missing citizen', { citizen: undefined }, 'citizen'],
      ['an invalid phone', { citizen: { phone: '12345' } }, 'phone'],
      ['a phone with letters', { citizen: { phone: '1381234567a' } }, 'phone'],
      ['an invalid email', { citizen: { email: 'not-an-email' } }, 'email'],
      ['an unknown category', { categoryCode: 'no.such.category' }, 'categoryCode'],
      ['an unknown region', { regionCode: '999999' }, 'regionCode'],
    ])('%s', async (_, override, field) => {
      const body = caseBody(override);
      const res = await post(body).expect(400);
      expect(res.body).toEqual(
        expect.objectContaining({ statusCode: 400, error: 'Bad Request', correlationId: expect.any(String) }),
      );
      expect(JSON.stringify(res.body.message)).toContain(field);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE title = $1`, [body.title]);
      expect(count).toBe(0);
    });

    it('malformed JSON → 400', async () => {
      const res = await t
        .http()
        .post('/api/cases')
        .set('Authorization', `Bearer ${operator}`)
        .set('Content-Type', 'application/json')
        .send('{"channel": "hotline",')
        .expect(400);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 400, message: expect.stringContaining('JSON') }));
      expect(res.body.correlationId).toEqual(res.headers['x-request-id']);
      expect(res.body.correlationId).not.toBe('');
    });

    it('a body over 1 MB → 413', async () => {
      const res = await post(caseBody({ content: 'x'.repeat(1_100_000) })).expect(413);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 413, error: 'Payload Too Large', correlationId: expect.any(String) }));
    });

    it('an invalid Idempotency-Key → 400', async () => {
      const res = await post(caseBody(), 'x'.repeat(300)).expect(400);
      expect(res.body.message).toContain('Idempotency-Key');
    });
  });

  describe('Idempotency-Key', () => {
    it('forgets a key once its retention (IDEMPOTENCY_KEY_RETENTION_DAYS, 7 by default) has passed, and only then', async () => {
      const [oldKey, recentKey] = [randomUUID(), randomUUID()];
      const [oldBody, recentBody] = [caseBody(), caseBody()];
      await post(oldBody, oldKey).expect(201);
      const recent = await post(recentBody, recentKey).expect(201);
      await t.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = $1`, [oldKey]);

      expect(await t.app.get(IdempotencyKeyJanitor).removeExpired()).toBeGreaterThanOrEqual(1);
      expect(await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE key = ANY($1)`, [[oldKey, recentKey]])).toEqual([{ key: recentKey }]);
      // The recent key still replays; the forgotten one is a new request.
      expect((await post(recentBody, recentKey).expect(201)).body.id).toBe(recent.body.id);
      expect((await post(oldBody, oldKey).expect(201)).headers['idempotent-replayed']).toBeUndefined();
    });

    it('replays the same response for the same key and body, without a second case', async () => {
      const key = randomUUID();
      const body = caseBody();
      const first = await post(body, key).expect(201);
      const again = await post(body, key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE title = $1`, [body.title]);
      expect(count).toBe(1);
    });

    it('replays the case the key created as it is now, for the same operator: the same case, never a second', async () => {
      const key = randomUUID();
      const body = caseBody();
      const first = await post(body, key).expect(201);
      const [{ id: departmentId }] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'rsj'`);
      const dispatched = await t
        .http()
        .post(`/api/cases/${first.body.id}/dispatch`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ departmentId, version: first.body.version })
        .expect(200);
      const again = await post(body, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual({ ...dispatched.body, queryCode: first.body.queryCode });
      expect(again.body).toEqual(expect.objectContaining({ id: first.body.id, status: 'dispatched', version: 2 }));
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE title = $1`, [body.title]);
      expect(count).toBe(1);
    });

    it('answers 422 for the same key with another body', async () => {
      const key = randomUUID();
      await post(caseBody(), key).expect(201);
      const res = await post(caseBody(), key).expect(422);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 422, message: expect.stringContaining('Idempotency-Key') }));
    });

    it('keeps keys of different operators apart', async () => {
      const key = randomUUID();
      const body = caseBody();
      await post(body, key).expect(201);
      const second = await createUser(t.dataSource, 'operator');
      const token = await login(t, second.username);
      const res = await t.http().post('/api/cases').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
      expect(res.status).toBe(201);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE title = $1`, [body.title]);
      expect(count).toBe(2);
    });

    it('20 concurrent requests with one key and one body create exactly one case', async () => {
      const key = randomUUID();
      const body = caseBody();
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(body, key)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of responses.filter((x) => x.status === 409)) {
        expect(r.body).toEqual(expect.objectContaining({ statusCode: 409, message: expect.stringContaining('still being processed') }));
      }
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE title = $1`, [body.title]);
      expect(count).toBe(1);
      // A retry after the dust settles gets the stored answer.
      const retry = await post(body, key).expect(201);
      expect(retry.body.id).toBe(created[0].body.id);
    });
  });
});
