import { JwtService } from '@nestjs/jwt';
import { Clock } from '../src/common/clock';
import { asUser, caseBody, createDepartment, dispatchTo, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { LiveClient, listen, settled, strictlyIncreasing } from './support/live-client';

// Bounded, with room for a busy two-core machine running the other specs alongside.
jest.setTimeout(20_000);

describe('live updates over socket.io (/live)', () => {
  let t: TestApp;
  let url: string;
  let operator: string;
  let supervisor: string;
  const clients: LiveClient[] = [];

  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await as(operator).post('/api/cases', caseBody(overrides)).expect(201)).body as {
      id: string;
      trackingCode: string;
      queryCode: string;
    };
  const connect = async (auth: Record<string, unknown>) => {
    const client = await LiveClient.connect(url, auth);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startApp();
    url = await listen(t);
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  describe('who may connect', () => {
    it('refuses a bad token, an expired one and a deactivated account in the handshake (connect_error)', async () => {
      expect((await LiveClient.refusal(url, { token: 'not-a-jwt' })).message).toBe('unauthorized');
      expect((await LiveClient.refusal(url, {})).message).toBe('unauthorized');

      const dept = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', dept.id);
      const expired = await t.app
        .get(JwtService, { strict: false })
        .signAsync({ sub: handler.id, role: 'handler', exp: Math.floor(Date.now() / 1000) - 60 });
      expect((await LiveClient.refusal(url, { token: expired })).message).toBe('unauthorized');

      // The same user with a valid token gets in — until the account is deactivated.
      (await connect({ token: handler.token })).close();
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [handler.id]);
      expect((await LiveClient.refusal(url, { token: handler.token })).message).toBe('unauthorized');
    });

    it('closes a staff member’s open sockets as soon as their account is deactivated, moved or its password reset, and only theirs', async () => {
      const dept = await createDepartment(t.dataSource);
      const other = await createDepartment(t.dataSource);
      const leaving = await staff(t, 'handler', dept.id);
      const moving = await staff(t, 'handler', dept.id);
      const staying = await staff(t, 'handler', dept.id);
      const sockets = {
        leaving: await connect({ token: leaving.token }),
        moving: await connect({ token: moving.token }),
        staying: await connect({ token: staying.token }),
      };
      const closed = (client: LiveClient) => new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
      const leavingClosed = closed(sockets.leaving);
      const movingClosed = closed(sockets.moving);

      // Written straight into the table, as another instance or an administrator's script would.
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [leaving.id]);
      expect(await leavingClosed).toBe('io server disconnect');
      await t.dataSource.query(`UPDATE users SET department_id = $2 WHERE id = $1`, [moving.id, other.id]);
      expect(await movingClosed).toBe('io server disconnect');
      // Reconnecting with the old tokens is refused: access changed, so every earlier token ended. The
      // moved one signs in again and gets in under its new department.
      expect((await LiveClient.refusal(url, { token: leaving.token })).message).toBe('unauthorized');
      expect((await LiveClient.refusal(url, { token: moving.token })).message).toBe('unauthorized');
      (await connect({ token: await login(t, (await t.dataSource.query(`SELECT username FROM users WHERE id = $1`, [moving.id]))[0].username) })).close();
      // A password reset ends the sessions too.
      const resetting = await staff(t, 'handler', dept.id);
      const resettingClosed = closed(await connect({ token: resetting.token }));
      await t.dataSource.query(`UPDATE users SET password_hash = 'reset' WHERE id = $1`, [resetting.id]);
      expect(await resettingClosed).toBe('io server disconnect');

      // A change that does not touch access (a display name) closes nothing; the others stayed connected.
      await t.dataSource.query(`UPDATE users SET display_name = '改名' WHERE id = $1`, [staying.id]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sockets.staying.socket.connected).toBe(true);
    });

    it('lets a citizen in with the tracking code and a right verification only', async () => {
      const c = await logCase({ citizen: { name: '王先生', phone: '13912345678' } });
      for (const verify of ['0000', '123456', c.queryCode.replace(/./, (d) => String((Number(d) + 1) % 10))]) {
        expect((await LiveClient.refusal(url, { trackingCode: c.trackingCode, verify })).message).toBe('unauthorized');
      }
      expect((await LiveClient.refusal(url, { trackingCode: 'XXXXXXXXXX', verify: '5678' })).message).toBe('unauthorized');
      // Typed as people type it: lower case, with a dash.
      const typed = `${c.trackingCode.slice(0, 5)}-${c.trackingCode.slice(5)}`.toLowerCase();
      (await connect({ trackingCode: typed, verify: '5678' })).close();
      (await connect({ trackingCode: c.trackingCode, verify: c.queryCode })).close();
    });
  });

  describe('scope, decided per event', () => {
    it('a supervisor gets case.created; another department’s handler does not; the owner gets case.dispatched', async () => {
      const rsj = (await t.dataSource.query(`SELECT id, code, name FROM departments WHERE code = 'rsj'`))[0];
      const other = await createDepartment(t.dataSource);
      const otherHandler = await staff(t, 'handler', other.id);
      const sup = await connect({ token: supervisor });
      const rsjHandler = await connect({ token: await login(t, 'h.rsj', 'demo12345') });
      const stranger = await connect({ token: otherHandler.token });

      // A rule with auto-dispatch: one intake, two events.
      const c = await logCase({ categoryCode: 'labor.wage_arrears', regionCode: '441881' });
      const created = await sup.next(c.id, 'case.created');
      expect(created).toEqual({
        seq: expect.any(Number),
        type: 'case.created',
        caseId: c.id,
        trackingCode: c.trackingCode,
        status: 'received',
        owner: { type: 'centre' },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      const dispatched = await sup.next(c.id, 'case.dispatched');
      expect(dispatched.seq).toBeGreaterThan(created.seq);

      const toOwner = await rsjHandler.next(c.id, 'case.dispatched');
      expect(toOwner).toEqual({
        ...dispatched,
        status: 'dispatched',
        owner: { type: 'department', departmentId: rsj.id, code: 'rsj', name: rsj.name },
      });
      // Events arrive in seq order, so case.created would have come first: the department never gets it.
      expect(rsjHandler.of(c.id).map((e) => e.type)).toEqual(['case.dispatched']);

      // A later event the stranger must get marks the point by which anything about `c` would have arrived.
      const marker = await logCase();
      await dispatchTo(t, operator, marker.id, other.id);
      await stranger.next(marker.id, 'case.dispatched');
      expect(stranger.of(c.id)).toEqual([]);
    });

    it('a department gets the event that moves a case away from it, its units’ cases and co-handled cases', async () => {
      const parent = await createDepartment(t.dataSource);
      const unit = await createDepartment(t.dataSource, { parentId: parent.id });
      const coHandler = await createDepartment(t.dataSource);
      const unitHandler = await staff(t, 'handler', unit.id);
      const parentLead = await connect({ token: (await staff(t, 'dept_lead', parent.id)).token });
      const unitClient = await connect({ token: unitHandler.token });
      const coClient = await connect({ token: (await staff(t, 'handler', coHandler.id)).token });

      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: unit.id, coDepartmentIds: [coHandler.id] }).expect(200);
      await as(unitHandler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }).expect(200);

      for (const client of [parentLead, unitClient, coClient]) {
        await client.next(c.id, 'case.returned');
        expect(client.of(c.id).map((e) => [e.type, e.status, e.owner.type])).toEqual([
          ['case.dispatched', 'dispatched', 'department'],
          ['case.returned', 'returned', 'centre'],
        ]);
      }
    });

    it('a citizen gets their own case’s public events, never a note', async () => {
      const c = await logCase();
      const dept = await createDepartment(t.dataSource);
      await settled(t);
      const citizen = await connect({ trackingCode: c.trackingCode, verify: '5678' });
      const otherCase = await logCase();
      const sup = await connect({ token: supervisor });

      await as(operator).post(`/api/cases/${c.id}/notes`, { content: '来电人情绪激动，注意沟通方式' }).expect(200);
      await as(operator).post(`/api/cases/${otherCase.id}/notes`, { content: '另一案件' }).expect(200);
      await dispatchTo(t, operator, otherCase.id, dept.id);
      await dispatchTo(t, operator, c.id, dept.id);

      const dispatched = await citizen.next(c.id, 'case.dispatched');
      expect(dispatched).toEqual(expect.objectContaining({ status: 'dispatched', owner: expect.objectContaining({ departmentId: dept.id }) }));
      await sup.next(c.id, 'case.dispatched');
      expect(sup.of(c.id).map((e) => e.type)).toEqual(['case.noted', 'case.dispatched']);
      // The note came earlier in seq order, so it would have arrived first; nothing of the other case either.
      expect(citizen.events.map((e) => [e.caseId, e.type])).toEqual([[c.id, 'case.dispatched']]);
    });
  });

  it('200 cases created at once from 20 connections: exactly 200 case.created, each seq once, in order', async () => {
    const sup = await connect({ token: supervisor });
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, worker) => {
        for (let i = 0; i < 10; i++) {
          // Every other worker's cases are auto-dispatched: two events in one transaction.
          const c = await logCase(worker % 2 === 0 ? { categoryCode: 'labor.wage_arrears', regionCode: '441881' } : {});
          ids.push(c.id);
        }
      }),
    );
    const ours = new Set(ids);
    const createdOfOurs = () => sup.events.filter((e) => ours.has(e.caseId) && e.type === 'case.created');
    await sup.until(() => createdOfOurs().length >= 200, '200 case.created', 20_000);

    const created = createdOfOurs();
    expect(created).toHaveLength(200);
    expect(new Set(created.map((e) => e.caseId)).size).toBe(200);
    // Everything the supervisor received, ours and other specs' alike, came in strictly rising seq order.
    expect(strictlyIncreasing(sup.events)).toBe(true);
    const [{ seqs }] = await t.dataSource.query(
      `SELECT array_agg(seq::int ORDER BY seq) AS seqs FROM case_events WHERE case_id = ANY($1::uuid[])`,
      [ids],
    );
    await sup.until(() => sup.events.filter((e) => ours.has(e.caseId)).length >= seqs.length, 'every event of the 200 cases');
    expect(sup.events.filter((e) => ours.has(e.caseId)).map((e) => e.seq)).toEqual(seqs);
  }, 60_000);

  describe('resume', () => {
    it('replays exactly the 50 events in scope a department missed, in order, then goes on live', async () => {
      const mine = await createDepartment(t.dataSource);
      const neighbour = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', mine.id);
      const neighbourHandler = await staff(t, 'handler', neighbour.id);

      let client = await connect({ token: handler.token });
      const first = await logCase();
      await dispatchTo(t, operator, first.id, mine.id);
      const afterSeq = (await client.next(first.id, 'case.dispatched')).seq;
      client.close();

      // While away: 20 cases dispatched to us and signed (40 events), 5 we co-handle, dispatched and
      // signed by the neighbour (10 events), and 5 that are none of our business.
      const inScope: string[] = [];
      for (let i = 0; i < 20; i++) {
        const c = await logCase();
        await dispatchTo(t, operator, c.id, mine.id);
        await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
        inScope.push(c.id);
      }
      for (let i = 0; i < 5; i++) {
        const c = await logCase();
        await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: neighbour.id, coDepartmentIds: [mine.id] }).expect(200);
        await as(neighbourHandler.token).post(`/api/cases/${c.id}/sign`).expect(200);
        inScope.push(c.id);
        const notOurs = await logCase();
        await dispatchTo(t, operator, notOurs.id, neighbour.id);
      }
      const [{ seqs: missed }] = await t.dataSource.query(
        `SELECT array_agg(seq::int ORDER BY seq) AS seqs FROM case_events
          WHERE case_id = ANY($1::uuid[]) AND seq > $2 AND type <> 'case.created'`,
        [inScope, afterSeq],
      );
      expect(missed).toHaveLength(50);

      await settled(t);
      client = await connect({ token: handler.token });
      expect(await client.resume(afterSeq)).toEqual({ replayed: 50, resync: false });
      expect(client.events.map((e) => e.seq)).toEqual(missed);
      expect(client.events.filter((e) => e.type === 'case.signed')).toHaveLength(25);

      // Live again: the next event arrives, once.
      const next = await logCase();
      await dispatchTo(t, operator, next.id, mine.id);
      await client.next(next.id, 'case.dispatched');
      const marker = await logCase();
      await dispatchTo(t, operator, marker.id, mine.id);
      await client.next(marker.id, 'case.dispatched');
      expect(client.events.slice(50).map((e) => e.caseId)).toEqual([next.id, marker.id]);
    }, 30_000);

    it('continues without a gap or a duplicate when events commit during the replay', async () => {
      const mine = await createDepartment(t.dataSource);
      const handler = await staff(t, 'handler', mine.id);
      const first = await logCase();
      await dispatchTo(t, operator, first.id, mine.id);
      const [{ seq: afterSeq }] = await t.dataSource.query(`SELECT max(seq)::int AS seq FROM case_events WHERE case_id = $1`, [first.id]);
      const missed = [];
      for (let i = 0; i < 30; i++) missed.push(await logCase());
      for (const c of missed) await dispatchTo(t, operator, c.id, mine.id);
      const later = [];
      for (let i = 0; i < 10; i++) later.push(await logCase());

      await settled(t);
      const client = await connect({ token: handler.token });
      const resumed = client.resume(afterSeq);
      // Dispatched to us while the client catches up.
      await Promise.all(later.map((c) => dispatchTo(t, operator, c.id, mine.id)));
      expect(await resumed).toEqual({ replayed: expect.any(Number), resync: false });
      await client.until(() => client.events.length >= 40, '40 dispatches');
      const [{ seqs }] = await t.dataSource.query(
        `SELECT array_agg(seq::int ORDER BY seq) AS seqs FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'case.dispatched'`,
        [[...missed, ...later].map((c) => c.id)],
      );
      expect(client.events.map((e) => e.seq)).toEqual(seqs);
    }, 30_000);

    it('accepts afterSeq in the handshake, so a reconnecting client catches up before anything live', async () => {
      const sup = await connect({ token: supervisor });
      const c1 = await logCase();
      const afterSeq = (await sup.next(c1.id, 'case.created')).seq;
      const c2 = await logCase();
      await sup.next(c2.id, 'case.created');

      const client = await connect({ token: supervisor, afterSeq });
      await client.next(c2.id, 'case.created');
      const c3 = await logCase();
      await client.next(c3.id, 'case.created');
      expect(strictlyIncreasing(client.events)).toBe(true);
      expect(client.events.filter((e) => [c1.id, c2.id, c3.id].includes(e.caseId)).map((e) => e.caseId)).toEqual([c2.id, c3.id]);
    });

    it('answers resync beyond the replay window, or for an afterSeq it cannot know, and goes on live', async () => {
      const sup = await connect({ token: supervisor });
      const c = await logCase();
      const seq = (await sup.next(c.id, 'case.created')).seq;

      const clock = t.app.get(Clock);
      const now = Date.now();
      jest.spyOn(clock, 'now').mockImplementation(() => new Date(now + 25 * 3_600_000));
      expect(await sup.resume(seq - 1)).toEqual({ replayed: 0, resync: true });
      jest.restoreAllMocks();

      expect(await sup.resume('yesterday')).toEqual({ replayed: 0, resync: true });
      expect(await sup.resume(Number.MAX_SAFE_INTEGER)).toEqual({ replayed: 0, resync: true });
      expect(sup.resyncs).toBe(3);

      const later = await logCase();
      await sup.next(later.id, 'case.created');
    });
  });
});
