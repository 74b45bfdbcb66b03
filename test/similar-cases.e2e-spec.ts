/**
 * Similar open cases (`GET /api/cases/similar`): how well they find a repeated demand, measured on the
 * committed pairs (test/fixtures/duplicate-pairs.ts) through the real endpoint at the default
 * SIMILAR_THRESHOLD, and what they are restricted to (open, last 30 days, category family, region and
 * below, centre staff only).
 *
 * Each pair gets a month of its own on a test clock far from the other specs' cases: its open case is
 * logged, then the new call's words are asked about, and whether the open case is offered is counted.
 */
import { DUPLICATE_PAIRS } from './fixtures/duplicate-pairs';
import { asUser, caseBody, createDepartment, login, staff } from './factories';
import { startApp, TestClock, type TestApp } from './setup/test-app';

const DAY = 86_400_000;
/** Where this spec's time starts: no other spec writes cases then. */
const EPOCH = Date.parse('2031-03-02T02:00:00Z');

describe('similar open cases', () => {
  let t: TestApp;
  const clock = new TestClock();
  let operator: string;
  let supervisor: string;
  const as = (token: string) => asUser(t, token);

  beforeAll(async () => {
    t = await startApp({}, undefined, clock);
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
  });
  afterAll(() => t.close());

  const similar = (token: string, query: Record<string, string>) => as(token).get('/api/cases/similar', query);

  it('finds the repeats among the committed pairs with precision and recall of at least 0.85 each', async () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const scores: string[] = [];
    for (const [i, pair] of DUPLICATE_PAIRS.entries()) {
      clock.set(new Date(EPOCH + i * 40 * DAY));
      const open = (
        await as(operator)
          .post('/api/cases', caseBody({ categoryCode: 'consultation.policy', regionCode: '441803', title: pair.open.title, content: pair.open.content }))
          .expect(201)
      ).body as { id: string };
      clock.advance(3600_000);
      const res = await similar(operator, {
        categoryCode: 'consultation.policy',
        regionCode: '441803',
        text: `${pair.call.title} ${pair.call.content}`,
      }).expect(200);
      const found = (res.body.items as { id: string; similarity: number }[]).find((x) => x.id === open.id);
      if (pair.duplicate && found) tp++;
      else if (pair.duplicate) fn++;
      else if (found) fp++;
      else tn++;
      scores.push(`${pair.duplicate ? 'dup  ' : 'other'} ${found ? found.similarity.toFixed(3) : '  —  '} ${pair.call.title}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `similar cases on ${DUPLICATE_PAIRS.length} pairs at SIMILAR_THRESHOLD 0.15: ` +
        `precision ${precision.toFixed(3)} (${tp}/${tp + fp}), recall ${recall.toFixed(3)} (${tp}/${tp + fn}), ${tn} unrelated left out\n` +
        scores.join('\n'),
    );
    expect(DUPLICATE_PAIRS.length).toBeGreaterThanOrEqual(30);
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });

  describe('what is offered', () => {
    const text = '新城东片区工地每晚十一点后还在打桩施工，噪音很大，附近居民无法入睡';
    let base: number;
    beforeAll(() => {
      base = EPOCH + 2000 * DAY;
      clock.set(new Date(base));
    });

    const log = async (overrides: Record<string, unknown>) =>
      (await as(operator).post('/api/cases', caseBody({ title: '夜间工地施工噪音扰民', content: text, ...overrides })).expect(201)).body as {
        id: string;
        trackingCode: string;
      };

    it('open cases of the last 30 days, in the category family and the region or below it, most similar first', async () => {
      // environment.pollution is a sibling of environment.noise; 441800 (the city) is above 441803.
      const sibling = await log({ categoryCode: 'environment.pollution', regionCode: '441803' });
      const exact = await log({ categoryCode: 'environment.noise', regionCode: '441803', title: '新城东工地夜间打桩噪音', content: text });
      const otherCategory = await log({ categoryCode: 'water.supply', regionCode: '441803' });
      const otherRegion = await log({ categoryCode: 'environment.noise', regionCode: '441821' });
      const unrelated = await log({ categoryCode: 'environment.noise', regionCode: '441803', title: '小区垃圾无人清运', content: '垃圾桶满了三天没有人清运，臭味很大' });
      const closed = await log({ categoryCode: 'environment.pollution', regionCode: '441803' });
      await as(operator).post(`/api/cases/${closed.id}/close`, { reason: 'not_accepted', note: '重复' }).expect(200);
      clock.advance(31 * DAY);
      const stale = await log({ categoryCode: 'environment.noise', regionCode: '441803' });
      clock.advance(3600_000);

      const res = await similar(operator, { categoryCode: 'environment.noise', regionCode: '441803', text: `晚上工地打桩太吵 ${text}` }).expect(200);
      const ids = (res.body.items as { id: string }[]).map((x) => x.id);
      expect(ids).toEqual([stale.id]);

      // Go back to the day they were logged: the month-old one is not born yet, the others are in the window.
      clock.set(new Date(base + 2 * 3600_000));
      const back = await similar(supervisor, { categoryCode: 'environment.noise', regionCode: '441800', text: `新城东工地打桩 ${text}` }).expect(200);
      const items = back.body.items as { id: string; similarity: number; trackingCode: string; owner: { type: string }; status: string }[];
      expect(items.map((x) => x.id)).toEqual(expect.arrayContaining([exact.id, sibling.id]));
      expect(items[0].id).toBe(exact.id);
      for (const id of [otherCategory.id, unrelated.id, closed.id]) expect(items.map((x) => x.id)).not.toContain(id);
      // The city's region (441800) covers its counties; a county does not cover another.
      const county = await similar(operator, { categoryCode: 'environment.noise', regionCode: '441821', text }).expect(200);
      expect((county.body.items as { id: string }[]).map((x) => x.id)).toEqual([otherRegion.id]);
      for (const x of items) {
        expect(x.similarity).toBeGreaterThanOrEqual(0.15);
        expect(x.similarity).toBeLessThanOrEqual(1);
      }
      expect([...items].sort((a, b) => b.similarity - a.similarity)).toEqual(items);
      expect(items[0]).toEqual(expect.objectContaining({ trackingCode: exact.trackingCode, status: expect.any(String), owner: expect.any(Object), mergedCount: 0 }));
    });

    it('answers 403 to departments and 400 for a missing or empty text', async () => {
      const department = await createDepartment(t.dataSource);
      for (const role of ['handler', 'dept_lead'] as const) {
        const user = await staff(t, role, department.id);
        await similar(user.token, { categoryCode: 'environment.noise', regionCode: '441803', text }).expect(403);
      }
      const admin = await staff(t, 'admin');
      await similar(admin.token, { categoryCode: 'environment.noise', regionCode: '441803', text }).expect(403);
      const missing = await similar(operator, { categoryCode: 'environment.noise', regionCode: '441803' }).expect(400);
      expect(JSON.stringify(missing.body.message)).toContain('text');
      await similar(operator, { categoryCode: 'environment.noise', regionCode: '441803', text: '   ' }).expect(400);
      const none = await similar(operator, { categoryCode: 'no.such', regionCode: '441803', text }).expect(200);
      expect(none.body.items).toEqual([]);
    });
  });
});
