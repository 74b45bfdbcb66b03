/**
 * The knowledge base (知识库): the demo city's entries found first for how callers actually ask
 * (test/fixtures/knowledge-phrasings.ts), only entries in force ever suggested, kept by the owning
 * department's dept_lead (and supervisors, admins), every change audited.
 */
import { DEMO_KNOWLEDGE } from '../src/demo/knowledge-data';
import { KNOWLEDGE_PHRASINGS } from './fixtures/knowledge-phrasings';
import { asUser, createDepartment, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';

interface Item {
  id: string;
  title: string;
  department: { id: string; code: string };
  version: number;
  reviewDueAt: string;
}

describe('the knowledge base', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let admin: string;
  const as = (token: string) => asUser(t, token);
  const search = async (token: string, query: Record<string, string | boolean>) =>
    (await as(token).get('/api/knowledge', query).expect(200)).body.items as Item[];

  beforeAll(async () => {
    t = await startApp();
    operator = await login(t, 'op1', 'demo12345');
    supervisor = await login(t, 'sup1', 'demo12345');
    admin = await login(t, 'admin', 'demo12345');
  });
  afterAll(() => t.close());

  it('ranks the expected entry first for at least 90% of the committed caller phrasings', async () => {
    const titleOf = new Map(DEMO_KNOWLEDGE.map((k) => [k.key, k.title]));
    const misses: string[] = [];
    for (const { q, expected } of KNOWLEDGE_PHRASINGS) {
      const items = await search(operator, { q });
      if (items[0]?.title !== titleOf.get(expected)) misses.push(`${q} → ${items[0]?.title ?? '(nothing)'} (expected ${titleOf.get(expected)})`);
    }
    const hits = KNOWLEDGE_PHRASINGS.length - misses.length;
    console.log(`knowledge search: expected entry first for ${hits}/${KNOWLEDGE_PHRASINGS.length} phrasings (${((100 * hits) / KNOWLEDGE_PHRASINGS.length).toFixed(1)}%)\n${misses.join('\n')}`);
    expect(KNOWLEDGE_PHRASINGS.length).toBeGreaterThanOrEqual(30);
    expect(DEMO_KNOWLEDGE.length).toBeGreaterThanOrEqual(30);
    expect(hits / KNOWLEDGE_PHRASINGS.length).toBeGreaterThanOrEqual(0.9);
  });

  it('never suggests an expired entry, and filters by category and region', async () => {
    const expired = DEMO_KNOWLEDGE.find((k) => k.expiredDaysAgo)!;
    expect((await search(operator, { q: expired.title })).map((i) => i.title)).not.toContain(expired.title);
    const water = await search(operator, { q: '停水', categoryCode: 'water' });
    expect(water.length).toBeGreaterThan(0);
    expect(water.every((i) => i.department.code === 'swj')).toBe(true);
    // The tiered water price is 清城区's: offered there and city-wide lookups, not in 英德.
    const price = DEMO_KNOWLEDGE.find((k) => k.key === 'water-price')!;
    expect((await search(operator, { q: '阶梯水价', regionCode: '441802' })).map((i) => i.title)).toContain(price.title);
    expect((await search(operator, { q: '阶梯水价', regionCode: '441881' })).map((i) => i.title)).not.toContain(price.title);
  });

  it('is kept by the owning dept_lead, supervisors and admins; retired entries are never suggested', async () => {
    const department = await createDepartment(t.dataSource);
    const other = await createDepartment(t.dataSource);
    const lead = await staff(t, 'dept_lead', department.id);
    const otherLead = await staff(t, 'dept_lead', other.id);
    const handler = await staff(t, 'handler', department.id);
    const entry = {
      title: '犬只登记办理流程（测试）',
      body: '养犬人应当在犬只满三个月后到居住地派出所办理犬只登记，携带犬只免疫证明和身份证。',
      keywords: '养狗 狗证 犬证',
      categoryCodes: ['consultation.policy'],
      departmentId: department.id,
      sourceRef: '测试文号〔2026〕1号',
    };
    await as(handler.token).post('/api/knowledge', entry).expect(403);
    await as(operator).post('/api/knowledge', entry).expect(403);
    await as(otherLead.token).post('/api/knowledge', entry).expect(403);
    const bad = await as(lead.token).post('/api/knowledge', { ...entry, categoryCodes: ['no.such'] }).expect(400);
    expect(bad.body.message).toContain('no.such');
    await as(lead.token).post('/api/knowledge', { ...entry, unknownField: 1 }).expect(400);
    await as(lead.token).post('/api/knowledge', { ...entry, effectiveFrom: '2026-02-30' }).expect(400);
    await as(lead.token).post('/api/knowledge', { ...entry, effectiveFrom: '2026-05-01', expiresAt: '2026-04-01' }).expect(400);

    const created = (await as(lead.token).post('/api/knowledge', entry).expect(201)).body;
    expect(created).toEqual(expect.objectContaining({ title: entry.title, version: 1, inForce: true, retiredAt: null, department: expect.objectContaining({ id: department.id }) }));
    // reviewDueAt defaults to 180 days on.
    expect(Date.parse(created.reviewDueAt) - Date.parse(created.effectiveFrom)).toBe(180 * 86_400_000);
    expect((await search(operator, { q: '我想办个狗证' }))[0]?.id).toBe(created.id);

    await as(otherLead.token).patch(`/api/knowledge/${created.id}`, { version: 1, title: '改' }).expect(403);
    await as(lead.token).patch(`/api/knowledge/${created.id}`, { version: 1, departmentId: other.id }).expect(403);
    const patched = (await as(lead.token).patch(`/api/knowledge/${created.id}`, { version: 1, reviewDueAt: '2020-01-01' }).expect(200)).body;
    expect(patched.version).toBe(2);
    await as(supervisor).patch(`/api/knowledge/${created.id}`, { version: 1, title: '过期的版本' }).expect(409);

    // Due for review: on its department's list, oldest first.
    const due = await search(lead.token, { reviewDue: true, departmentId: department.id });
    expect(due.map((i) => i.id)).toEqual([created.id]);

    await as(otherLead.token).post(`/api/knowledge/${created.id}/retire`, {}).expect(403);
    const retired = (await as(admin).post(`/api/knowledge/${created.id}/retire`, {}).expect(200)).body;
    expect(retired).toEqual(expect.objectContaining({ inForce: false, retiredAt: expect.any(String) }));
    await as(lead.token).post(`/api/knowledge/${created.id}/retire`, {}).expect(409);
    expect((await search(operator, { q: '我想办个狗证' })).map((i) => i.id)).not.toContain(created.id);
    expect(await search(lead.token, { reviewDue: true, departmentId: department.id })).toEqual([]);
    // Still readable by id: a closed case may cite it.
    await as(handler.token).get(`/api/knowledge/${created.id}`).expect(200);
    await as(handler.token).get('/api/knowledge/8c1d3b1e-0000-4000-8000-000000000000').expect(404);

    // Every change is in the audit, under its author's name.
    // (Paged through: other specs write to the log meanwhile.)
    const mine: { action: string; actor: { id: string } | null }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: { body: { items: unknown[]; nextCursor: string | null } } = await as(admin).get('/api/admin/audit', { limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      mine.push(...(res.body.items as { entity: string; entityId: string; action: string; actor: { id: string } | null }[]).filter((a) => a.entity === 'knowledge_entries' && a.entityId === created.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(mine.map((a) => a.action)).toEqual(['update', 'update', 'insert']);
    expect(mine[2].actor?.id).toBe(lead.id);
  });
});
