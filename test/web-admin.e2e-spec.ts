/**
 * The administrator's pages in a real browser (headless Chromium, playwright-core), against the real app
 * on a database of its own with the demo city: the admin adds a routing rule and the 试派 preview — the
 * server's own precedence — picks it; marks a date a holiday and sees it on the year's calendar; edits the
 * SLA policy; adds a child unit and a category; deactivates a user whose open console is signed out at
 * once; and finds each change on the audit page. Every admin page has its heading and is photographed at
 * 1440×900 into web/screenshots/ (30-admin-… to 36-admin-…); no page the admin used may log a console
 * error, and no page may break the Content Security Policy.
 *
 * It serves the build in web/dist (`npm test` builds it first, in `pretest`).
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { asUser, createUser, login, TEST_PASSWORD } from './factories';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { startApp, type TestApp } from './setup/test-app';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, pickNode, settle, type ConsoleErrors } from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');

jest.setTimeout(60_000);

describe('the administrator’s pages in a browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let adminToken: string;

  // What the scenario changed, for the audit page at the end.
  let holiday = '';
  let leaving: { id: string; username: string };

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    }
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    errors = consoleErrors();
    adminToken = await login(t, 'admin', DEMO_PASSWORD);
    admin = await open('admin');
    await signIn(admin, 'admin', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function open(name: string, watch = true): Promise<Page> {
    const context = await newContext(browser, csp, name);
    contexts.push(context);
    const page = await context.newPage();
    if (watch) errors.watch(page, name);
    await page.goto(base + '/');
    return page;
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
    await page.locator('.live-state[data-live="live"]').waitFor();
  }

  /** Opens an admin page from the side menu and waits for its heading. */
  async function visit(menuItem: string, heading: string, path: string): Promise<void> {
    await admin.locator('.shell-sider .ant-menu-item', { hasText: menuItem }).click();
    await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(new URL(admin.url()).pathname).toBe(path);
  }

  /** The admin's page at 1440×900, once the success toasts are gone; the whole page unless it is a long log. */
  async function photograph(name: string, { fullPage = true } = {}): Promise<void> {
    await mkdir(SHOTS, { recursive: true });
    await admin.setViewportSize(DESKTOP);
    await admin.mouse.move(0, 0);
    const toasts = admin.locator('.ant-message-notice');
    while ((await toasts.count()) > 0) await toasts.first().waitFor({ state: 'detached', timeout: 10_000 });
    await settle(admin);
    await admin.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage, animations: 'disabled' });
  }

  const dialog = (title: string | RegExp): Locator => admin.getByRole('dialog', { name: title });
  const popconfirm = (): Locator => admin.locator('.ant-popconfirm:visible');
  const api = () => asUser(t, adminToken);

  /** Types into a searchable Cascader and picks the matching path. */
  async function pick(input: Locator, text: string, option: string): Promise<void> {
    await input.click();
    await input.fill(text);
    await admin.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item', { hasText: option }).first().click();
    await admin.keyboard.press('Escape');
  }


  it('the admin’s menu has the pages that keep the rules, and only an admin may open them', async () => {
    await expect(admin.locator('.shell-sider .ant-menu-title-content').allTextContents()).resolves.toEqual([
      '全市态势',
      '全市工单',
      '超时看板',
      '考核统计',
      '派单目录',
      '工作日历',
      '办理时限',
      '承办单位',
      '人员账号',
      '分类与区划',
      '审计日志',
      '知识库',
      '短信与邮件',
      'Open311 接入',
    ]);
    // A supervisor who types the address lands on their own start page.
    const supervisor = await open('supervisor');
    await signIn(supervisor, 'sup1', DEMO_PASSWORD);
    await supervisor.goto(`${base}/admin/users`);
    await supervisor.waitForURL(`${base}/monitor`);
    await expect(supervisor.getByRole('heading', { level: 1, name: '人员账号' }).count()).resolves.toBe(0);
  });

  it('adds a routing rule, and the 试派 preview picks it by the server’s precedence', async () => {
    await visit('派单目录', '派单目录', '/admin/routing');
    const trial = admin.locator('.try-card');
    // water.supply has no rule in the demo city: such cases stay with the centre.
    await pick(trial.getByLabel('事项分类'), '供水', '水务 / 供水');
    await pick(trial.getByLabel('行政区划'), '清城', '清远市 / 清城区');
    await trial.getByText('没有匹配的派单规则').waitFor();

    await admin.getByRole('button', { name: '新增规则' }).click();
    const add = dialog('新增派单规则');
    // The dialog starts from the pair being tried.
    await expect(add.locator('.ant-cascader').first().textContent()).resolves.toContain('水务 / 供水');
    await pickNode(admin, add.getByLabel('承办单位'), '水务', '市水务局');
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await add.waitFor({ state: 'hidden' });

    // The preview now names the bureau and the rule that won, marked in the table.
    const result = trial.locator('.try-result');
    await result.getByText('市水务局').waitFor();
    await expect(result.textContent()).resolves.toContain('生效规则：水务 / 供水 · 清远市 / 清城区');
    const chosen = admin.locator('tr.ant-table-row.row-selected');
    await expect(chosen.textContent()).resolves.toMatch(/水务 \/ 供水.*清远市 \/ 清城区.*市水务局/);
    // …which is what intake will do: the server's suggestion.
    const suggestion = (await api().get('/api/routing/suggest', { categoryCode: 'water.supply', regionCode: '441802' }).expect(200)).body;
    expect(suggestion).toMatchObject({ code: 'swj', name: '市水务局', autoDispatch: false });

    // A more specific region wins over a rule for the whole city: 噪音 in 清城区 goes to the district.
    await pick(trial.getByLabel('事项分类'), '噪音', '生态环境 / 噪音扰民');
    await result.getByText('清城区人民政府').waitFor();
    await pick(trial.getByLabel('行政区划'), '英德', '清远市 / 英德市');
    await result.getByText('市生态环境局').waitFor();

    await pick(trial.getByLabel('事项分类'), '供水', '水务 / 供水');
    await pick(trial.getByLabel('行政区划'), '清城', '清远市 / 清城区');
    await result.getByText('市水务局').waitFor();
    await photograph('30-admin-routing');
  });

  it('marks a date a holiday and sees it marked on the year’s calendar', async () => {
    // A plain working weekday of this year (in Shanghai), from the server's own calendar.
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const days = (await api().get('/api/admin/calendar', { from: `${year}-03-01`, to: `${year}-12-31` }).expect(200)).body as { date: string; kind: string; name?: string }[];
    holiday = days.find((d) => d.kind === 'workday' && !d.name && ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay()))!.date;

    await visit('工作日历', '工作日历', '/admin/calendar');
    const cell = admin.locator(`[data-date="${holiday}"]`);
    await expect(cell.getAttribute('data-mark')).resolves.toBe('workday');
    // This year's official holidays are there already, in their colour, with their names (if the
    // chinese-days package knows this year; if not, the page says so).
    if ((await api().get(`/api/admin/calendar/years/${year}`).expect(200)).body.loaded) {
      await admin.locator('[data-mark="holiday"] .cal-name', { hasText: '国庆' }).first().waitFor();
      await admin.locator('[data-mark="makeup"]').first().waitFor();
    } else {
      await admin.locator('.calendar-warning').waitFor();
    }

    await cell.click();
    const form = dialog(new RegExp(holiday));
    await form.getByText('放假（休）').click();
    await form.getByLabel('名称').fill('防汛停工');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'hidden' });

    await admin.locator(`[data-date="${holiday}"][data-mark="holiday"]`).waitFor();
    await expect(cell.textContent()).resolves.toContain('休');
    await expect(cell.getAttribute('title')).resolves.toContain('防汛停工');
    await admin.locator('.cal-run-holiday', { hasText: `${Number(holiday.slice(8))}日 休 · 防汛停工` }).waitFor();
    expect((await api().get('/api/admin/calendar', { from: holiday, to: holiday }).expect(200)).body).toEqual([{ date: holiday, kind: 'holiday', name: '防汛停工' }]);
    await photograph('31-admin-calendar');

    // A year nobody entered: the admin is told to enter the State Council's schedule.
    for (let i = 0; i < 3; i++) await admin.getByRole('button', { name: '下一年' }).click();
    await admin.locator('.calendar-warning', { hasText: `${year + 3} 年尚未录入法定节假日安排` }).waitFor();
    await admin.getByRole('button', { name: '上一年' }).click();
  });

  it('edits the SLA policy in its table', async () => {
    await visit('办理时限', '办理时限', '/admin/sla');
    const amount = admin.getByLabel('一般回访时限数量');
    // The form is enabled once the policy is in.
    await admin.locator('input[aria-label="一般回访时限数量"]:not([disabled])').waitFor();
    await expect(amount.inputValue()).resolves.toBe('2');
    await amount.fill('3');
    await admin.getByRole('button', { name: /保\s*存/ }).click();
    await admin.getByText('办理时限已保存').waitFor();
    const policy = (await api().get('/api/admin/sla-policy').expect(200)).body;
    expect(policy.normal.callbackWithin).toEqual({ amount: 3, unit: 'working_days' });
    expect(policy.urgent.callbackWithin).toEqual({ amount: 2, unit: 'working_days' });
    await photograph('32-admin-sla');
  });

  it('adds a child unit to a district in the department tree', async () => {
    await visit('承办单位', '承办单位', '/admin/departments');
    await admin.locator('.dept-tree').getByText('清城区人民政府').click();
    await admin.getByRole('button', { name: '新增下级单位' }).click();
    const add = dialog('新增 清城区人民政府 的下级单位');
    await expect(add.getByLabel('编码').inputValue()).resolves.toBe('qcq.');
    await add.getByLabel('编码').fill('qcq.hhjd');
    await add.getByLabel('单位名称').fill('横荷街道办事处');
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await add.waitFor({ state: 'hidden' });
    await admin.locator('.dept-detail').getByText('qcq.hhjd').waitFor();
    await admin.locator('.dept-tree .dept-title[data-code="qcq.hhjd"]').waitFor();
    const units = (await api().get('/api/admin/departments').expect(200)).body as { code: string; parentId: string | null; id: string }[];
    expect(units.find((d) => d.code === 'qcq.hhjd')!.parentId).toBe(units.find((d) => d.code === 'qcq')!.id);
    await photograph('33-admin-departments');
  });

  it('deactivates a user, whose open console is signed out at once', async () => {
    const [swj] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`);
    leaving = await createUser(t.dataSource, 'handler', { departmentId: swj.id });
    // Their console, open on their inbox. Not watched for console errors: its token is refused on purpose.
    const theirs = await open('leaving', false);
    await signIn(theirs, leaving.username, TEST_PASSWORD);
    const token = await theirs.evaluate<string>(`JSON.parse(sessionStorage.getItem('hotline12345.session')).token`);
    await asUser(t, token).get('/api/auth/me').expect(200);

    await visit('人员账号', '人员账号', '/admin/users');
    await admin.getByPlaceholder('用户名、姓名或单位').fill(leaving.username);
    const row = admin.locator('tr.ant-table-row', { hasText: leaving.username });
    await row.getByText('在用').waitFor();
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await popconfirm().getByRole('button', { name: /停\s*用/ }).click();
    await row.getByText('已停用').waitFor();

    // Without a click of their own: the server refuses their token and their console shows the login form.
    await theirs.getByText('登录已失效，请重新登录').waitFor({ timeout: 10_000 });
    await theirs.getByRole('button', { name: /登\s*录/ }).waitFor();
    await expect(theirs.locator('.shell-header').count()).resolves.toBe(0);
    await asUser(t, token).get('/api/auth/me').expect(401);
    // Nor can they sign in again.
    await t.http().post('/api/auth/login').send({ username: leaving.username, password: TEST_PASSWORD }).expect(401);

    await admin.getByPlaceholder('用户名、姓名或单位').fill('');
    await photograph('34-admin-users');
  });

  it('adds a category under 生态环境 in the catalogue', async () => {
    await visit('分类与区划', '分类与区划', '/admin/catalog');
    const categories = admin.locator('.catalog-categories');
    const environment = categories.locator('.catalog-node[data-code="environment"]');
    await environment.locator('.catalog-name').click();
    await environment.getByRole('button', { name: '新增下级' }).click();
    const add = dialog('新增 生态环境 的下级分类');
    await expect(add.getByLabel('编码').inputValue()).resolves.toBe('environment.');
    await add.getByLabel('编码').fill('environment.light');
    await add.getByLabel('名称').fill('光污染');
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await add.waitFor({ state: 'hidden' });
    await categories.locator('.catalog-node[data-code="environment.light"]', { hasText: '光污染' }).waitFor();
    await admin.locator('.catalog-regions .catalog-node[data-code="441802"]', { hasText: '清城区' }).waitFor();
    await photograph('35-admin-catalog');
  });

  it('finds each change on the audit page, newest first, with what changed', async () => {
    // The contract: newest first. Checked on the API itself, so a failure here names the server's part.
    const first = (await api().get('/api/admin/audit', { limit: 50 }).expect(200)).body.items as { id: string }[];
    const ids = first.map((e) => Number(e.id));
    if (ids.some((id, i) => i > 0 && id >= ids[i - 1])) {
      throw new Error(
        `GET /api/admin/audit is not newest first (ids ${ids.slice(0, 6).join(', ')}, …): AdminAuditRepository.page ` +
          'selects id::text AS id and ORDER BY id sorts that text alias, so "99" comes before "841" and the newest changes never show',
      );
    }

    await visit('审计日志', '审计日志', '/admin/audit');
    const rows = admin.locator('tr.ant-table-row');
    const entry = (object: string | RegExp) => rows.filter({ has: admin.locator('.audit-object', { hasText: object }) }).first();

    // Newest first: the category added last is the first row, by the admin.
    await expect(rows.first().locator('.audit-object').textContent()).resolves.toContain('光污染（environment.light）');
    await expect(rows.first().textContent()).resolves.toContain('系统管理员');

    const user = entry(`（${leaving.username}）`);
    await expect(user.locator('.ant-tag', { hasText: '修改' }).count()).resolves.toBe(1);
    await expect(user.locator('[data-field="active"]').textContent()).resolves.toBe('状态在用→停用');
    // Only the changed fields of an update.
    await expect(user.locator('.audit-changes li').count()).resolves.toBe(1);

    const day = entry(holiday);
    await expect(day.locator('[data-field="kind"]').textContent()).resolves.toBe('类型放假');
    await expect(day.locator('[data-field="name"]').textContent()).resolves.toBe('名称防汛停工');

    const sla = entry('一般');
    await expect(sla.locator('[data-field="callback"]').textContent()).resolves.toBe('回访时限2 个工作日→3 个工作日');

    const rule = entry('水务 / 供水 · 清远市 / 清城区');
    await expect(rule.locator('.ant-tag', { hasText: '新增' }).count()).resolves.toBe(1);
    await expect(rule.locator('[data-field="department_id"]').textContent()).resolves.toBe('所属单位市水务局');

    await entry('横荷街道办事处（qcq.hhjd）').waitFor();
    await photograph('36-admin-audit', { fullPage: false });

    // The log goes back to the demo city's own loading (no actor): 加载更多 follows the server's cursor.
    await expect(rows.count()).resolves.toBe(50);
    await admin.getByRole('button', { name: '加载更多' }).click();
    await admin.locator('tr.ant-table-row').nth(99).waitFor();
    await expect(admin.locator('.table-footer').textContent()).resolves.toContain('已显示 100 条');
    // The second page goes on where the first stopped: no row twice.
    const times = await admin.locator('tr.ant-table-row .audit-time').allTextContents();
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('no page the admin used logged an error to the browser console', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page broke the Content Security Policy', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
