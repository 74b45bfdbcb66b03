import { caseListSql, CasesRepository } from '../src/cases/cases.repository';
import { asUser, caseBody, createDepartment, createUser, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

type Staff = { id: string; token: string };

describe('ownership: dispatch, sign, return, assign, decide-owner', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;

  const as = (token: string) => asUser(t, token);
  const logCase = async (overrides: Record<string, unknown> = {}) =>
    (await as(operator).post('/api/cases', caseBody({ categoryCode: 'water.supply', ...overrides })).expect(201)).body as {
      id: string;
      version: number;
      trackingCode: string;
    };
  const read = async (id: string) => (await as(operator).get(`/api/cases/${id}`).expect(200)).body;
  const eventCount = async (id: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id]))[0].n as number;

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
  });
  afterAll(() => t.close());

  describe('the full path, and everyone who may not', () => {
    let owner: { id: string };
    let coHandler: { id: string };
    let stranger: { id: string };
    let handler: Staff;
    let lead: Staff;
    let coStaff: Staff;
    let strangerStaff: Staff;

    beforeAll(async () => {
      owner = await createDepartment(t.dataSource);
      coHandler = await createDepartment(t.dataSource);
      stranger = await createDepartment(t.dataSource);
      handler = await staff(t, 'handler', owner.id);
      lead = await staff(t, 'dept_lead', owner.id);
      coStaff = await staff(t, 'handler', coHandler.id);
      strangerStaff = await staff(t, 'dept_lead', stranger.id);
    });

    it('intake → dispatch (with a co-handler) → sign → assign', async () => {
      const c = await logCase();
      const unchanged = async (version: number) => expect((await read(c.id)).version).toBe(version);

      // Only the centre dispatches.
      await as(handler.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }).expect(403);
      await as(strangerStaff.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: stranger.id }).expect(404);
      await unchanged(1);

      const dispatched = await as(operator)
        .post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id, coDepartmentIds: [coHandler.id], note: '请核查', version: 1 })
        .expect(200);
      expect(dispatched.body).toEqual(
        expect.objectContaining({
          status: 'dispatched',
          owner: expect.objectContaining({ type: 'department', departmentId: owner.id }),
          coDepartments: [expect.objectContaining({ departmentId: coHandler.id })],
          signDeadline: expect.any(String),
          version: 2,
        }),
      );

      // A co-handler sees the case and adds notes, but never signs; a stranger sees nothing.
      await as(coStaff.token).get(`/api/cases/${c.id}`).expect(200);
      await as(coStaff.token).post(`/api/cases/${c.id}/sign`).expect(403);
      await as(strangerStaff.token).post(`/api/cases/${c.id}/sign`).expect(404);
      await as(operator).post(`/api/cases/${c.id}/sign`).expect(403);
      await unchanged(2);
      const noted = await as(coStaff.token).post(`/api/cases/${c.id}/notes`, { content: '协办意见：管网属水务集团' }).expect(200);
      expect(noted.body.version).toBe(3);

      const signed = await as(handler.token).post(`/api/cases/${c.id}/sign`, { version: 3 }).expect(200);
      expect(signed.body).toEqual(expect.objectContaining({ status: 'in_progress', replyDeadline: expect.any(String), version: 4 }));
      await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(409); // already signed

      // Only the owning dept_lead assigns, and only to its own staff.
      await as(handler.token).post(`/api/cases/${c.id}/assign`, { assigneeId: handler.id }).expect(403);
      await as(strangerStaff.token).post(`/api/cases/${c.id}/assign`, { assigneeId: handler.id }).expect(404);
      const badAssignee = await as(lead.token).post(`/api/cases/${c.id}/assign`, { assigneeId: coStaff.id }).expect(400);
      expect(badAssignee.body.message).toContain('assigneeId');
      await unchanged(4);
      const assigned = await as(lead.token).post(`/api/cases/${c.id}/assign`, { assigneeId: handler.id }).expect(200);
      expect(assigned.body).toEqual(expect.objectContaining({ assigneeId: handler.id, version: 5 }));

      const full = await read(c.id);
      expect(full.timeline.map((e: { type: string }) => e.type)).toEqual([
        'case.created',
        'case.dispatched',
        'case.noted',
        'case.signed',
        'case.assigned',
      ]);
      expect(full.timeline[1]).toEqual(
        expect.objectContaining({
          actor: expect.objectContaining({ type: 'user', role: 'operator' }),
          fromStatus: 'received',
          toStatus: 'dispatched',
          fromOwner: { type: 'centre' },
          toOwner: expect.objectContaining({ departmentId: owner.id }),
          note: '请核查',
        }),
      );
      // The internal note never reaches the citizen.
      const publicView = await t.http().get(`/api/public/cases/${c.trackingCode}`).query({ verify: '5678' }).expect(200);
      expect(publicView.body.timeline.map((e: { type: string }) => e.type)).toEqual(['case.created', 'case.dispatched', 'case.signed']);
      expect(JSON.stringify(publicView.body)).not.toContain('协办意见');
    });

    it('refuses bad dispatches: unknown department, owner as co-handler, unknown fields', async () => {
      const c = await logCase();
      const dispatch = (body: object) => as(operator).post(`/api/cases/${c.id}/dispatch`, body);
      expect((await dispatch({ departmentId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.message).toContain('departmentId');
      expect((await dispatch({ departmentId: owner.id, coDepartmentIds: [owner.id] }).expect(400)).body.message).toContain('coDepartmentIds');
      expect((await dispatch({ departmentId: 'rsj' }).expect(400)).body.message).toEqual([expect.stringContaining('departmentId')]);
      await dispatch({ departmentId: owner.id, urgent: true }).expect(400);
      await dispatch({ departmentId: owner.id, version: 0 }).expect(400);
      expect((await read(c.id)).version).toBe(1);
    });

    it('a stale version is a 409 and writes nothing', async () => {
      const c = await logCase();
      const res = await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id, version: 5 }).expect(409);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 409, code: 'STALE_VERSION' }));
      expect(await eventCount(c.id)).toBe(1);
    });
  });

  describe('sub-dispatch down the tree (分级负责)', () => {
    let district: { id: string };
    let street: { id: string };
    let otherDistrict: { id: string };
    let districtLead: Staff;
    let districtHandler: Staff;
    let streetHandler: Staff;

    beforeAll(async () => {
      district = await createDepartment(t.dataSource);
      street = await createDepartment(t.dataSource, { parentId: district.id });
      otherDistrict = await createDepartment(t.dataSource);
      districtLead = await staff(t, 'dept_lead', district.id);
      districtHandler = await staff(t, 'handler', district.id);
      streetHandler = await staff(t, 'handler', street.id);
    });

    it('passes a case to a child unit; the parent watches read-only; the child’s return goes back to the parent', async () => {
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: district.id }).expect(200);
      await as(districtLead.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: otherDistrict.id }).expect(400);
      await as(districtHandler.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: street.id }).expect(403);
      const passed = await as(districtLead.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: street.id }).expect(200);
      expect(passed.body).toEqual(expect.objectContaining({ status: 'dispatched', owner: expect.objectContaining({ departmentId: street.id }) }));

      await as(districtLead.token).get(`/api/cases/${c.id}`).expect(200);
      await as(districtHandler.token).post(`/api/cases/${c.id}/sign`).expect(403);
      const back = await as(streetHandler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本街道辖区' }).expect(200);
      expect(back.body).toEqual(
        expect.objectContaining({ status: 'dispatched', owner: expect.objectContaining({ departmentId: district.id }), returnCount: 0 }),
      );
      await as(streetHandler.token).get(`/api/cases/${c.id}`).expect(404);
    });

    it('a child that returns a case the parent had signed leaves it in progress with the parent, its reply deadline unchanged', async () => {
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: district.id }).expect(200);
      const signed = await as(districtHandler.token).post(`/api/cases/${c.id}/sign`).expect(200);
      await as(districtLead.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: street.id }).expect(200);
      const childSigned = await as(streetHandler.token).post(`/api/cases/${c.id}/sign`).expect(200);
      expect(childSigned.body.replyDeadline).toBe(signed.body.replyDeadline);
      const back = await as(streetHandler.token).post(`/api/cases/${c.id}/return`, { reason: '需区级协调' }).expect(200);
      expect(back.body).toEqual(
        expect.objectContaining({
          status: 'in_progress',
          owner: expect.objectContaining({ departmentId: district.id }),
          replyDeadline: signed.body.replyDeadline,
        }),
      );
    });
  });

  describe('returns (退单) and the supervisor’s final word', () => {
    let a: { id: string };
    let b: { id: string };
    let aHandler: Staff;
    let bHandler: Staff;

    beforeAll(async () => {
      a = await createDepartment(t.dataSource);
      b = await createDepartment(t.dataSource);
      aHandler = await staff(t, 'handler', a.id);
      bHandler = await staff(t, 'handler', b.id);
    });

    it('after the third return only decide-owner moves the case, and that owner cannot return it', async () => {
      const c = await logCase();
      for (let i = 1; i <= 3; i++) {
        await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: i % 2 ? a.id : b.id }).expect(200);
        const returned = await as((i % 2 ? aHandler : bHandler).token)
          .post(`/api/cases/${c.id}/return`, { reason: `第${i}次退单`, suggestedDepartmentId: i % 2 ? b.id : a.id })
          .expect(200);
        expect(returned.body).toEqual(
          expect.objectContaining({ status: 'returned', owner: { type: 'centre' }, returnCount: i, dispatchDeadline: expect.any(String) }),
        );
      }
      const waiting = await as(supervisor).get('/api/cases', { awaitingDecision: 'true', q: c.trackingCode }).expect(200);
      expect(waiting.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);

      const refused = await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: a.id }).expect(409);
      expect(refused.body.code).toBe('AWAITING_DECISION');
      await as(supervisor).post(`/api/cases/${c.id}/dispatch`, { departmentId: a.id }).expect(409);
      await as(operator).post(`/api/cases/${c.id}/decide-owner`, { departmentId: a.id, note: '由A负责' }).expect(403);
      await as(supervisor).post(`/api/cases/${c.id}/decide-owner`, { departmentId: a.id }).expect(400); // a note is required

      const decided = await as(supervisor).post(`/api/cases/${c.id}/decide-owner`, { departmentId: a.id, note: '经研判由A主办' }).expect(200);
      expect(decided.body).toEqual(expect.objectContaining({ status: 'dispatched', finalOwner: true, owner: expect.objectContaining({ departmentId: a.id }) }));
      const final = await as(aHandler.token).post(`/api/cases/${c.id}/return`, { reason: '仍非本单位' }).expect(409);
      expect(final.body.code).toBe('FINAL_OWNER');
      await as(aHandler.token).post(`/api/cases/${c.id}/sign`).expect(200);

      const timeline = (await read(c.id)).timeline;
      expect(timeline.filter((e: { type: string }) => e.type === 'case.returned')).toHaveLength(3);
      expect(timeline.at(-2)).toEqual(expect.objectContaining({ type: 'case.owner_decided', note: '经研判由A主办' }));
    });

    it('a return more than two working days after dispatch is refused', async () => {
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: a.id }).expect(200);
      await t.dataSource.query(`UPDATE cases SET dispatched_at = now() - interval '10 days' WHERE id = $1`, [c.id]);
      const res = await as(aHandler.token).post(`/api/cases/${c.id}/return`, { reason: '太晚了' }).expect(409);
      expect(res.body.code).toBe('RETURN_WINDOW_CLOSED');
    });

    it('a return needs a reason', async () => {
      const c = await logCase();
      await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: a.id }).expect(200);
      const res = await as(aHandler.token).post(`/api/cases/${c.id}/return`, { reason: '  ' }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('reason');
    });
  });

  describe('races', () => {
    it('20 concurrent sign and return calls with the same version: one wins, the rest get 409, one event is written', async () => {
      const department = await createDepartment(t.dataSource);
      const handlers = await Promise.all(Array.from({ length: 4 }, () => staff(t, 'handler', department.id)));
      const c = await logCase();
      const dispatched = await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
      const before = await eventCount(c.id);

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const who = handlers[i % handlers.length];
          return i % 2
            ? as(who.token).post(`/api/cases/${c.id}/sign`, { version: dispatched.body.version })
            : as(who.token).post(`/api/cases/${c.id}/return`, { reason: '并发退单', version: dispatched.body.version });
        }),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await eventCount(c.id)).toBe(before + 1);
      expect((await read(c.id)).version).toBe(dispatched.body.version + 1);
    });
  });

  describe('the department queue query', () => {
    it('"open cases owned by department X, oldest first" uses the owner index', async () => {
      const department = await createDepartment(t.dataSource);
      const { text: sql, values: parameters } = caseListSql(
        t.app.get(CasesRepository).columns(),
        { departmentId: department.id, open: true },
        { kind: 'all' },
        { after: null, limit: 21, order: 'oldest' },
        new Date(),
      );
      const plan = await t.dataSource.transaction(async (em) => {
        // On a small test table a sequential scan, or a bitmap scan plus a sort of the few rows, is cheapest
        // (which one depends on whether autovacuum has analyzed the table yet); forbid both to see which index
        // the planner can use for the ordered queue.
        await em.query('SET LOCAL enable_seqscan = off');
        await em.query('SET LOCAL enable_bitmapscan = off');
        return (await em.query(`EXPLAIN ${sql}`, parameters)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      });
      // Either owner index serves the page in order (which one depends on the tiny table's statistics; at
      // scale the benchmark's plans show cases_owner_open_idx).
      expect(plan).toMatch(/Index Scan.* using cases_owner_(open|created)_idx/);
      expect(plan).not.toMatch(/Sort\b/);
    });

    it('lists a department’s open cases oldest first for its own lead', async () => {
      const department = await createDepartment(t.dataSource);
      const lead = await staff(t, 'dept_lead', department.id);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await logCase();
        await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
        ids.push(c.id);
      }
      const page = await as(lead.token).get('/api/cases', { departmentId: department.id, open: 'true', order: 'oldest', limit: 2 }).expect(200);
      expect(page.body.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 2));
      const next = await as(lead.token)
        .get('/api/cases', { departmentId: department.id, open: 'true', order: 'oldest', limit: 2, cursor: page.body.nextCursor })
        .expect(200);
      expect(next.body.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(2));
      expect(next.body.nextCursor).toBeNull();
    });
  });

  it('a deactivated department member cannot be assigned', async () => {
    const department = await createDepartment(t.dataSource);
    const lead = await staff(t, 'dept_lead', department.id);
    const handler = await staff(t, 'handler', department.id);
    const gone = await createUser(t.dataSource, 'handler', { departmentId: department.id, active: false });
    const c = await logCase();
    await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: department.id }).expect(200);
    await as(handler.token).post(`/api/cases/${c.id}/sign`).expect(200);
    await as(lead.token).post(`/api/cases/${c.id}/assign`, { assigneeId: gone.id }).expect(400);
  });
});
