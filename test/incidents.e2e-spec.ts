import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

describe('incidents: one master case, one owner, one answer', () => {
  let t: TestApp;
  let operator: ReturnType<typeof asUser>;
  let supervisor: ReturnType<typeof asUser>;

  beforeAll(async () => {
    t = await startApp();
    operator = asUser(t, await login(t, 'op1', 'demo12345'));
    supervisor = asUser(t, await login(t, 'sup1', 'demo12345'));
  });
  afterAll(() => t.close());

  const intake = async (phone: string) => (await operator.post('/api/cases', caseBody({ citizen: { name: '市民', phone } })).expect(201)).body;

  it('merges the centre’s cases into the master, links the departments’, and the master’s reply reaches every merged citizen', async () => {
    const water = await createDepartment(t.dataSource);
    const other = await createDepartment(t.dataSource);
    const handler = asUser(t, (await staff(t, 'handler', water.id)).token);
    const held = await intake('13800000001');
    await operator.post(`/api/cases/${held.id}/dispatch`, { departmentId: water.id }).expect(200);
    const b = await intake('13800000002');
    const c = await intake('13800000003');

    const created = await supervisor.post('/api/incidents', { title: '凤城街道片区停水', caseIds: [b.id, held.id, c.id] }).expect(201);
    // The master: the case a department already holds (it has an owner).
    expect(created.body).toEqual(
      expect.objectContaining({ title: '凤城街道片区停水', masterCaseId: held.id, merged: 2, linked: 0, status: 'open', hotspotId: null }),
    );
    expect(created.body.caseIds).toEqual([held.id, b.id, c.id]);
    expect(created.body.cases.map((x: { role: string; case: { id: string; status: string } }) => [x.role, x.case.id, x.case.status])).toEqual([
      ['master', held.id, 'dispatched'],
      ['merged', b.id, 'closed'],
      ['merged', c.id, 'closed'],
    ]);
    expect(created.body.clock).toEqual(expect.objectContaining({ status: 'dispatched', deadline: expect.any(String), overdue: false }));
    const merged = (await operator.get(`/api/cases/${b.id}`).expect(200)).body;
    expect(merged).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'merged', mergedIntoId: held.id }));
    expect(merged.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.merged', public: true }));
    const master = (await operator.get(`/api/cases/${held.id}`).expect(200)).body;
    expect(master.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'case.linked', public: false }));
    expect(created.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['case.created', 'case.merged', 'case.linked']));

    // Later: one more call at the centre, one another department holds already.
    const e = await intake('13800000004');
    const f = await intake('13800000005');
    await operator.post(`/api/cases/${f.id}/dispatch`, { departmentId: other.id }).expect(200);
    const attached = await supervisor.post(`/api/incidents/${created.body.id}/cases`, { caseIds: [e.id, f.id] }).expect(201);
    expect(attached.body).toEqual(expect.objectContaining({ merged: 3, linked: 1 }));
    const linked = (await operator.get(`/api/cases/${f.id}`).expect(200)).body;
    // Still open, still the other department's: counted for it as before.
    expect(linked).toEqual(expect.objectContaining({ status: 'dispatched', owner: expect.objectContaining({ departmentId: other.id }) }));

    // The owner answers once …
    await handler.post(`/api/cases/${held.id}/sign`).expect(200);
    await handler.post(`/api/cases/${held.id}/reply`, { content: '管网抢修完毕，已恢复供水。', resolution: 'resolved' }).expect(200);
    // … and every merged citizen reads it.
    for (const [x, phone] of [[b, '0002'], [c, '0003'], [e, '0004']] as const) {
      const lookup = await t.http().get(`/api/public/cases/${x.trackingCode}`).query({ verify: phone }).expect(200);
      expect(lookup.body).toEqual(expect.objectContaining({ status: 'replied', reply: expect.objectContaining({ content: '管网抢修完毕，已恢复供水。' }) }));
    }

    expect((await supervisor.get('/api/incidents', { caseId: b.id }).expect(200)).body).toEqual([expect.objectContaining({ id: created.body.id })]);
    expect((await operator.get(`/api/incidents/${created.body.id}`).expect(200)).body.clock).toEqual(expect.objectContaining({ status: 'replied' }));
  });

  it('refuses what cannot be: unknown cases, a case twice, a closed master, both or neither source, the wrong role', async () => {
    const a = await intake('13800000011');
    const b = await intake('13800000012');
    const made = await supervisor.post('/api/incidents', { title: '一', caseIds: [a.id] }).expect(201);
    expect(made.body).toEqual(expect.objectContaining({ masterCaseId: a.id, merged: 0, linked: 0 }));

    const unknown = await supervisor.post('/api/incidents', { title: '二', caseIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
    expect(unknown.body.code).toBe('UNKNOWN_CASE');
    expect((await supervisor.post('/api/incidents', { title: '二', caseIds: [b.id, a.id] }).expect(409)).body.code).toBe('CASE_IN_INCIDENT');
    expect((await supervisor.post(`/api/incidents/${made.body.id}/cases`, { caseIds: [a.id] }).expect(409)).body.code).toBe('CASE_IN_INCIDENT');
    await operator.post(`/api/cases/${b.id}/close`, { reason: 'not_accepted', note: '不属受理范围' }).expect(200);
    expect((await supervisor.post('/api/incidents', { title: '二', caseIds: [b.id] }).expect(409)).body.code).toBe('MASTER_CLOSED');
    expect((await supervisor.post('/api/incidents', { title: '二' }).expect(400)).body.code).toBe('CASES_OR_HOTSPOT');
    await supervisor.post('/api/incidents', { title: '二', caseIds: [b.id], hotspotId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await supervisor.post('/api/incidents', { title: '', caseIds: [b.id] }).expect(400);
    await supervisor.post('/api/incidents', { title: '二', caseIds: [] }).expect(400);
    await supervisor.post('/api/incidents', { title: '二', caseIds: ['x'] }).expect(400);
    await supervisor.post('/api/incidents', { title: '二', hotspotId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await operator.post('/api/incidents', { title: '二', caseIds: [b.id] }).expect(403);
    await supervisor.get('/api/incidents/00000000-0000-4000-8000-000000000000').expect(404);
    await supervisor.post('/api/incidents/00000000-0000-4000-8000-000000000000/cases', { caseIds: [b.id] }).expect(404);
  });
});
