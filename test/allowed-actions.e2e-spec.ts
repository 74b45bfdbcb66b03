import sharp from 'sharp';
import { CASE_POLICY } from '../src/cases/case-policy';
import { ACTIONS_BY_VERB, CASE_VERBS, type CaseVerb } from '../src/cases/case-state-machine';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

/**
 * `allowedActions` says exactly what a call would say: for cases in every stage and for every reader who
 * can see them, a verb is listed if and only if calling it (on an identical case, with a valid body)
 * answers neither 403 nor 409.
 */
describe('allowedActions', () => {
    let t: TestApp;
  let operator: string;
  let supervisor: string;
  let admin: string;
  let owner: { id: string };
  let unit: { id: string };
  let coDepartment: { id: string };
  let other: { id: string };
  let handler: { id: string; token: string };
  let lead: { id: string; token: string };
  let coHandler: { id: string; token: string };

  const as = (token: string) => asUser(t, token);
  const ok = async (res: Promise<{ status: number; body: unknown }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`setup step answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; version: number };
  };

  /** Each stage a case can be in, built from scratch through the API. */
  const STAGES: Record<string, () => Promise<string>> = {
    received: async () => (await ok(as(operator).post('/api/cases', caseBody()))).id,
    'received, unclassified': async () => {
      const letter = await t.http().post('/api/public/letters').send({ title: '小区噪音', content: '每晚施工', phone: '13912345678' });
      const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE tracking_code = $1`, [letter.body.trackingCode]);
      return id as string;
    },
    dispatched: async () => (await dispatched()).id,
    'dispatched to a unit': async () => {
      const c = await dispatched();
      await ok(as(lead.token).post(`/api/cases/${c.id}/dispatch`, { departmentId: unit.id }));
      return c.id;
    },
    'dispatched, past the return window': async () => {
      const c = await dispatched();
      // Received a week ago (a test shortcut: no route moves time backwards).
      await t.dataSource.query(`UPDATE cases SET dispatched_at = dispatched_at - interval '7 days' WHERE id = $1`, [c.id]);
      return c.id;
    },
    in_progress: async () => (await signed()).id,
    'in_progress, extension pending': async () => {
      const c = await signed();
      await ok(as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 2, reason: '需现场勘查' }));
      return c.id;
    },
    'in_progress, two extensions granted': async () => {
      const c = await signed();
      for (let i = 0; i < 2; i++) {
        await ok(as(lead.token).post(`/api/cases/${c.id}/extension`, { workingDays: 1, reason: '需现场勘查' }));
        await ok(as(supervisor).post(`/api/cases/${c.id}/extension/decision`, { approve: true }));
      }
      return c.id;
    },
    returned: async () => {
      const c = await dispatched();
      await ok(as(handler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }));
      return c.id;
    },
    'returned three times': async () => {
      const c = await dispatched();
      for (let i = 0; i < 3; i++) {
        if (i > 0) await ok(as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }));
        await ok(as(handler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }));
      }
      return c.id;
    },
    'final owner': async () => {
      const c = await dispatched();
      for (let i = 0; i < 3; i++) {
        if (i > 0) await ok(as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }));
        await ok(as(handler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }));
      }
      await ok(as(supervisor).post(`/api/cases/${c.id}/decide-owner`, { departmentId: owner.id, note: '由主责单位办理' }));
      return c.id;
    },
    'in_progress, overdue': async () => {
      const c = await signed();
      await t.dataSource.query(`UPDATE cases SET reply_deadline = now() - interval '1 hour' WHERE id = $1`, [c.id]);
      return c.id;
    },
    'in_progress, pause pending': async () => {
      const c = await signed();
      await ok(as(lead.token).post(`/api/cases/${c.id}/pause`, { reason: 'legal_proceedings', note: '已进入仲裁程序' }));
      return c.id;
    },
    paused: async () => {
      const c = await signed();
      await ok(as(lead.token).post(`/api/cases/${c.id}/pause`, { reason: 'legal_proceedings', note: '已进入仲裁程序' }));
      await ok(as(supervisor).post(`/api/cases/${c.id}/pause/decision`, { approve: true }));
      return c.id;
    },
    'in_progress, paused twice already': async () => {
      const c = await signed();
      for (let i = 0; i < 2; i++) {
        await ok(as(lead.token).post(`/api/cases/${c.id}/pause`, { reason: 'awaiting_citizen', note: '等待补充材料' }));
        await ok(as(supervisor).post(`/api/cases/${c.id}/pause/decision`, { approve: true }));
        await ok(as(lead.token).post(`/api/cases/${c.id}/resume`, {}));
      }
      return c.id;
    },
    'its return refused': async () => {
      const c = await dispatched();
      await ok(as(handler.token).post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }));
      await ok(as(operator).post(`/api/cases/${c.id}/reject-return`, { note: '退回理由不成立' }));
      return c.id;
    },
    replied: async () => {
      const c = await signed();
      await ok(as(handler.token).post(`/api/cases/${c.id}/reply`, { content: '已安排抢修，今日恢复供水。', resolution: 'resolved' }));
      return c.id;
    },
    closed: async () => {
      const c = await ok(as(operator).post('/api/cases', caseBody()));
      await ok(as(operator).post(`/api/cases/${c.id}/close`, { reason: 'not_accepted', note: '不属于受理范围' }));
      return c.id;
    },
  };

  async function dispatched() {
    const c = await ok(as(operator).post('/api/cases', caseBody()));
    await ok(as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id, coDepartmentIds: [coDepartment.id] }));
    return c;
  }
  async function signed() {
    const c = await dispatched();
    await ok(as(handler.token).post(`/api/cases/${c.id}/sign`));
    return c;
  }

  /** A valid body for each verb, for the reader calling it. */
  const call = (token: string, verb: CaseVerb, id: string) => {
    const bodies: Record<CaseVerb, object> = {
      update: { title: '标题已更正' },
      dispatch: { departmentId: token === lead.token ? unit.id : other.id },
      sign: {},
      return: { reason: '不属于本单位职责' },
      assign: { assigneeId: handler.id },
      notes: { content: '内部备注' },
      reply: { content: '已处理完毕。', resolution: 'resolved' },
      callback: { satisfaction: 'satisfied', resolved: true },
      close: { reason: 'not_accepted', note: '不属于受理范围' },
      extension: { workingDays: 1, reason: '需现场勘查' },
      'extension/decision': { approve: true },
      supervise: { note: '超期未办', requirement: '立即办理' },
      'decide-owner': { departmentId: owner.id, note: '由主责单位办理' },
      'reject-return': { note: '退回理由不成立' },
      pause: { reason: 'awaiting_citizen', note: '等待诉求人补充材料' },
      'pause/decision': { approve: true },
      resume: {},
      attachments: {},
    };
    if (verb === 'attachments') {
      // Multipart: one photo in the part `file`.
      return t.http().post(`/api/cases/${id}/attachments`).set('Authorization', `Bearer ${token}`).attach('file', photo, 'photo.png');
    }
    return verb === 'update' ? as(token).patch(`/api/cases/${id}`, bodies[verb]) : as(token).post(`/api/cases/${id}/${verb}`, bodies[verb]);
  };

  let photo: Buffer;

  beforeAll(async () => {
    photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#4a90d9' } }).png().toBuffer();
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
    owner = await createDepartment(t.dataSource);
    unit = await createDepartment(t.dataSource, { parentId: owner.id });
    coDepartment = await createDepartment(t.dataSource);
    other = await createDepartment(t.dataSource);
    handler = await staff(t, 'handler', owner.id);
    lead = await staff(t, 'dept_lead', owner.id);
    coHandler = await staff(t, 'handler', coDepartment.id);
  });
  afterAll(() => t.close());

  it.each(Object.keys(STAGES))('%s: listed exactly when the call would go through', async (stage) => {
    const readers: Record<string, string> = {
      operator,
      supervisor,
      admin,
      handler: handler.token,
      'dept lead': lead.token,
      'co-handler': coHandler.token,
    };
    const roles: Record<string, string> = {
      operator: 'operator',
      supervisor: 'supervisor',
      admin: 'admin',
      handler: 'handler',
      'dept lead': 'dept_lead',
      'co-handler': 'handler',
    };
    const mismatches: string[] = [];
    const probe = async (reader: string, token: string) => {
      const shown = await as(token).get(`/api/cases/${await STAGES[stage]()}`);
      if (shown.status === 404) return; // not theirs to see (e.g. the co-handler once the case is returned)
      const listed = new Set<string>(shown.body.allowedActions);
      // Each verb the reader's role may call at all goes to a fresh case in the same stage, so that the
      // calls do not see each other's effects; the others (a 403 before anything is read) to this one.
      const role = roles[reader];
      const mayTry = (verb: CaseVerb) =>
        (ACTIONS_BY_VERB.get(verb) ?? []).some((a) => (CASE_POLICY as Record<string, { roles: readonly string[] }>)[a]?.roles.includes(role));
      const targets = await Promise.all(CASE_VERBS.map((verb) => (mayTry(verb) ? STAGES[stage]() : shown.body.id)));
      const answers = await Promise.all(CASE_VERBS.map((verb, i) => call(token, verb, targets[i])));
      CASE_VERBS.forEach((verb, i) => {
        const res = answers[i];
        const wentThrough = res.status !== 403 && res.status !== 409;
        if (res.status >= 500 || res.status === 400 || res.status === 404) {
          mismatches.push(`${reader} ${verb}: ${res.status} ${JSON.stringify(res.body)}`);
        } else if (wentThrough !== listed.has(verb)) {
          mismatches.push(`${reader} ${verb}: listed ${listed.has(verb)}, answered ${res.status} ${res.body.code ?? ''}`);
        }
      });
    };
    await Promise.all(Object.entries(readers).map(([reader, token]) => probe(reader, token)));
    expect(mismatches.sort()).toEqual([]);
  });

  it('lists what a reader may do in lists and right after the action, too', async () => {
    const c = await ok(as(operator).post('/api/cases', caseBody()));
    const created = await as(operator).post('/api/cases', caseBody()).expect(201);
    expect(created.body.allowedActions).toEqual(['update', 'dispatch', 'notes', 'close', 'attachments']);
    const dispatchedRes = await as(operator).post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }).expect(200);
    expect(dispatchedRes.body.allowedActions).toEqual(['notes', 'attachments']);
    const inbox = await as(handler.token).get('/api/cases', { open: true, q: created.body.trackingCode === c.id ? '' : (await as(operator).get(`/api/cases/${c.id}`)).body.trackingCode }).expect(200);
    const row = inbox.body.items.find((x: { id: string }) => x.id === c.id);
    expect(row.allowedActions).toEqual(['sign', 'return', 'notes', 'attachments']);
  });
});
