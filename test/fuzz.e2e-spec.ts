import fc from 'fast-check';
import { caseBody, createDepartment, dispatchTo, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * Property-based fuzzing of every endpoint with generated bodies, query strings, headers and path ids:
 * never a 500, never another department's case, never a full phone number to a department.
 */
describe('fuzzing (fast-check)', () => {
  let t: TestApp;
  let operator: string;
  let outsider: { token: string; departmentId: string | null };
  let insider: { token: string; departmentId: string | null };
  let theirCase: { id: string; trackingCode: string };
  let ourCase: { id: string; trackingCode: string };
  // A mobile number on its own, not digits inside a uuid or a correlation id.
  const FULL_PHONE = /(?<![0-9a-f-])1[3-9]\d{9}(?![0-9a-f])/;
  const showsPhone = (value: unknown) =>
    FULL_PHONE.test(JSON.stringify(value && typeof value === 'object' ? { ...value, correlationId: undefined } : value));
  const RUNS = 40;

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    const ours = await createDepartment(t.dataSource);
    const theirs = await createDepartment(t.dataSource);
    insider = await staff(t, 'dept_lead', ours.id);
    outsider = await staff(t, 'dept_lead', theirs.id);
    for (const [department, assign] of [
      [ours.id, (c: { id: string; trackingCode: string }) => (ourCase = c)],
      [theirs.id, (c: { id: string; trackingCode: string }) => (theirCase = c)],
    ] as const) {
      const created = await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201);
      await dispatchTo(t, operator, created.body.id, department);
      assign(created.body);
    }
  });
  afterAll(() => t.close());

  /** JSON-ish values: the shapes a client (or an attacker) may send. */
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.constantFrom('13812345678', '2026-02-30', 'emergency', 'resolved', 'satisfied', '../../etc/passwd', '\u0000', "' OR 1=1 --"),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );
  const fields = ['channel', 'kind', 'priority', 'categoryCode', 'regionCode', 'title', 'content', 'citizen', 'phone', 'departmentId',
    'coDepartmentIds', 'reason', 'assigneeId', 'content', 'resolution', 'satisfaction', 'resolved', 'version', 'workingDays',
    'approve', 'note', 'requirement', 'verify', 'mergedIntoId', 'suggestedDepartmentId', 'username', 'password', 'kind', 'name'];
  const body = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), value, { maxKeys: 8 });

  const noServerError = (status: number, where: string) => {
    if (status >= 500) throw new Error(`${where} answered ${status}`);
  };

  it('POST bodies: no endpoint answers 500', async () => {
    const endpoints = (id: string) => [
      ['post', '/api/auth/login'],
      ['post', '/api/cases'],
      ['patch', `/api/cases/${id}`],
      ...['dispatch', 'sign', 'return', 'assign', 'notes', 'reply', 'callback', 'close', 'extension', 'extension/decision',
        'supervise', 'decide-owner'].map((verb) => ['post', `/api/cases/${id}/${verb}`]),
      ['post', '/api/public/letters'],
      ['post', `/api/public/cases/${theirCase.trackingCode}/rating`],
      ['put', '/api/admin/sla-policy'],
      ['put', '/api/admin/calendar/2031-01-05'],
      ['post', '/api/admin/routing-rules'],
    ] as const;
    const admin = await login(t, 'admin', 'demo12345');
    const supervisor = await login(t, 'sup1', 'demo12345');
    const tokens = [operator, admin, supervisor, insider.token, outsider.token];
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...tokens), fc.nat(), async (payload, token, pick) => {
        const list = endpoints(ourCase.id);
        const [method, path] = list[pick % list.length];
        const agent = t.http();
        const request = method === 'post' ? agent.post(path) : method === 'patch' ? agent.patch(path) : agent.put(path);
        const res = await request.set('Authorization', `Bearer ${token}`).send(payload);
        noServerError(res.status, `${method.toUpperCase()} ${path} ${JSON.stringify(payload)}`);
        if (token === outsider.token && res.status === 200 && path.includes(ourCase.id)) {
          throw new Error(`an outsider changed another department's case: ${path}`);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('query strings on the case list: never 500, never a case or a full phone outside the caller’s scope', async () => {
    const keys = ['status', 'open', 'departmentId', 'overdue', 'priority', 'categoryCode', 'regionCode', 'supervised', 'awaitingDecision',
      'callbackDue', 'pendingExtension', 'atCentre', 'q', 'cursor', 'limit', 'order'];
    const query = fc.dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
      fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('true', 'false', '1', '100', '-1', 'deadline', 'oldest', theirCase.trackingCode,
        theirCase.id, outsider.departmentId!, insider.departmentId!)),
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await t.http().get('/api/cases').query(q).set('Authorization', `Bearer ${insider.token}`);
        noServerError(res.status, `GET /api/cases ${JSON.stringify(q)}`);
        if (res.status !== 200) return;
        for (const item of res.body.items as { id: string; owner: { departmentId?: string }; citizen: { phone: string | null } }[]) {
          if (item.id === theirCase.id) throw new Error(`leaked another department's case with ${JSON.stringify(q)}`);
          if (item.citizen.phone && showsPhone(item.citizen.phone)) throw new Error('a department saw a full phone number');
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('path ids and tracking codes: 400 or 404, never 500, never another department’s case', async () => {
    const id = fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.constant(theirCase.id), fc.constant(ourCase.id));
    await fc.assert(
      fc.asyncProperty(id, fc.string({ maxLength: 12 }), async (caseId, verify) => {
        const path = `/api/cases/${encodeURIComponent(caseId)}`;
        const res = await t.http().get(path).set('Authorization', `Bearer ${insider.token}`);
        noServerError(res.status, `GET ${path}`);
        if (caseId === theirCase.id && res.status !== 404) throw new Error(`another department's case answered ${res.status}`);
        if (res.status === 200 && showsPhone(res.body.citizen)) throw new Error('full phone shown to a department');

        const code = encodeURIComponent(caseId.slice(0, 20) || 'x');
        const lookup = await t.http().get(`/api/public/cases/${code}`).query({ verify });
        noServerError(lookup.status, `GET /api/public/cases/${code}?verify=${verify}`);
        if (showsPhone(lookup.body)) throw new Error('a public lookup showed a phone number');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('headers: odd Authorization and Idempotency-Key values get 400/401, never 500', async () => {
    const header = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('Bearer', 'Bearer ', 'Basic abc', `Bearer ${operator}x`, 'bearer ' + operator));
    await fc.assert(
      fc.asyncProperty(header, fc.string({ maxLength: 300 }), async (authorization, key) => {
        const safe = (v: string) => v.replace(/[^\x20-\x7e]/g, '');
        const res = await t.http().get('/api/auth/me').set('Authorization', safe(authorization));
        noServerError(res.status, `Authorization: ${authorization}`);
        const intake = await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).set('Idempotency-Key', safe(key)).send({});
        noServerError(intake.status, `Idempotency-Key: ${key}`);
      }),
      { numRuns: RUNS },
    );
  });
});
