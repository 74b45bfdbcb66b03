import { randomUUID } from 'node:crypto';
import { caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * More intakes at once than the connection pool has connections (20, `dataSourceOptions`). Each
 * intake's transaction holds one connection; if anything inside it waited for a second one from the
 * pool, 21 concurrent intakes would all wait for each other until the pool's 5-second timeout and fail
 * (found by `npm run bench`: 0 requests/s at 32 connections).
 */
describe('intake: more concurrent requests than pool connections', () => {
  let t: TestApp;
  let operator: string;

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
  });
  afterAll(() => t.close());

  it('logs 40 cases sent at once, half of them auto-dispatched, each once', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => caseBody(i % 2 ? { categoryCode: 'labor.wage_arrears', regionCode: '441881' } : {}));
    const keys = bodies.map(() => randomUUID());
    const send = () =>
      Promise.all(
        bodies.map((body, i) =>
          t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).set('Idempotency-Key', keys[i]).send(body),
        ),
      );
    const responses = await send();
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
    responses.forEach((r, i) => {
      if (i % 2) {
        expect(r.body).toEqual(
          expect.objectContaining({
            status: 'dispatched',
            owner: expect.objectContaining({ type: 'department', code: 'rsj', name: expect.any(String) }),
            suggestedDepartment: expect.objectContaining({ code: 'rsj' }),
            signDeadline: expect.any(String),
            version: 2,
          }),
        );
      } else {
        expect(r.body).toEqual(expect.objectContaining({ status: 'received', owner: { type: 'centre' }, suggestedDepartment: null, version: 1 }));
      }
    });

    // Retried all at once with the same keys: the same 40 cases come back, none is written twice.
    const replays = await send();
    expect(replays.map((r) => r.status)).toEqual(bodies.map(() => 201));
    expect(replays.map((r) => r.body.id)).toEqual(responses.map((r) => r.body.id));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1)`, [responses.map((r) => r.body.id)]);
    expect(n).toBe(40);
  }, 30_000);
});
