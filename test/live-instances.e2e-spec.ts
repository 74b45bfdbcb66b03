import { CaseEventRelay } from '../src/live/case-event-relay';
import { caseBody, createDepartment, login } from './factories';
import { startApp } from './setup/test-app';
import { LiveClient, listen, settled } from './support/live-client';

// Bounded, with room for a busy two-core machine running the other specs alongside.
jest.setTimeout(20_000);

// Passport keeps strategies in a process-wide registry: the app created last verifies every app's HTTP
// tokens, so the HTTP calls go through it. The live handshake does not use passport.
describe('live updates across app instances (one PostgreSQL, nothing else)', () => {
  it('a change through one instance reaches a client of the other, woken by NOTIFY; both see the same events once', async () => {
    const first = await startApp();
    const second = await startApp();
    const clients: LiveClient[] = [];
    try {
      const firstUrl = await listen(first);
      const secondUrl = await listen(second);
      const operator = await login(second, 'op1', 'demo12345');
      const supervisor = await login(second, 'sup1', 'demo12345');
      const department = await createDepartment(second.dataSource);
      // Without its poll, the first instance can learn of the second's commits only through LISTEN/NOTIFY.
      clearInterval(first.app.get(CaseEventRelay)['pollTimer']!);
      const onFirst = await LiveClient.connect(firstUrl, { token: supervisor });
      const onSecond = await LiveClient.connect(secondUrl, { token: supervisor });
      clients.push(onFirst, onSecond);

      // Through the second instance: the client of the first receives it.
      const created = await second.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201);
      const id = created.body.id as string;
      const event = await onFirst.next(id, 'case.created');
      expect(event).toEqual(expect.objectContaining({ trackingCode: created.body.trackingCode, status: 'received' }));

      await second.http().post(`/api/cases/${id}/dispatch`).set('Authorization', `Bearer ${operator}`).send({ departmentId: department.id }).expect(200);
      await onFirst.next(id, 'case.dispatched');
      await onSecond.next(id, 'case.dispatched');
      expect(onFirst.of(id)).toEqual(onSecond.of(id));
      expect(onFirst.of(id).map((e) => e.type)).toEqual(['case.created', 'case.dispatched']);

      // And a client of the second catches up through `resume` just the same.
      await settled(second);
      const late = await LiveClient.connect(secondUrl, { token: supervisor });
      clients.push(late);
      expect((await late.resume(event.seq - 1)).resync).toBe(false);
      expect(late.of(id).map((e) => e.type)).toEqual(['case.created', 'case.dispatched']);
    } finally {
      for (const c of clients) c.close();
      await first.close();
      await second.close();
    }
  }, 30_000);
});

describe('citizen handshakes and the lookup limit', () => {
  it('counts them against the tracking code’s budget, shared with the status page', async () => {
    const t = await startApp({ lookupFailuresPerHour: 3 });
    try {
      const url = await listen(t);
      const operator = await login(t, 'op1', 'demo12345');
      const res = await t.http().post('/api/cases').set('Authorization', `Bearer ${operator}`).send(caseBody()).expect(201);
      const code = res.body.trackingCode as string;
      // From addresses of their own: this machine's address is every spec's.
      await t.http().get(`/api/public/cases/${code}`).set('X-Forwarded-For', '10.50.0.1').query({ verify: '0000' }).expect(404);
      expect((await LiveClient.refusal(url, { trackingCode: code, verify: '1111' }, '10.50.0.2')).message).toBe('unauthorized');
      expect((await LiveClient.refusal(url, { trackingCode: code, verify: '2222' }, '10.50.0.3')).message).toBe('unauthorized');
      // Three failures spent the budget: the phone digits are refused now, on either path, even the right
      // ones; the query code still gets the citizen in.
      expect((await LiveClient.refusal(url, { trackingCode: code, verify: '5678' }, '10.50.0.4')).message).toBe('too many attempts');
      await t.http().get(`/api/public/cases/${code}`).set('X-Forwarded-For', '10.50.0.5').query({ verify: '5678' }).expect(429);
      (await LiveClient.connect(url, { trackingCode: code, verify: res.body.queryCode }, '10.50.0.6')).close();
    } finally {
      await t.close();
    }
  });
});
