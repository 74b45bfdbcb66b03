/**
 * The console on shift, by keyboard and under other people's hands, in a real browser (headless
 * Chromium, playwright-core) on a database of its own:
 *
 * - an operator takes a whole call — category, region, kind, priority, title, content, submit — with
 *   the keyboard alone, and the keys are counted (the README keeps the number); from the success card
 *   派单 and 当场办结 are one key each, and each dialog opens with the cursor in its first field;
 * - a citizen's letter without a category is dispatched from one dialog that asks for the category and
 *   region first;
 * - while an operator types into an open dialog, a supervisor acts on the same case: the dialog says so
 *   at once (live) with the supervisor's name, keeps the text through the 409, and sends it again on the
 *   new version — or, when the action is no longer possible, says so and keeps the text to copy.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { startApp, type TestApp } from './setup/test-app';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, screenshotBoth, type ConsoleErrors } from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');

jest.setTimeout(90_000);

/**
 * The page's keyboard, counting: every `press` is one key (a chord such as Control+Enter is one), every
 * character of a search word typed into a picker is one key, and free text (title, content, notes) is
 * typed too but counted apart — with a Chinese input method its keys depend on the method, not on us.
 */
class CountedKeyboard {
  readonly keys: string[] = [];
  readonly texts: string[] = [];
  constructor(private readonly page: Page) {}

  async press(key: string): Promise<void> {
    this.keys.push(key);
    await this.page.keyboard.press(key);
  }

  /** A search word: one key per character. */
  async search(word: string): Promise<void> {
    this.keys.push(...word);
    await this.page.keyboard.type(word);
  }

  /** Free text, counted apart. */
  async text(words: string): Promise<void> {
    this.texts.push(words);
    await this.page.keyboard.type(words);
  }

  /** The keys as the README prints them: `政 策 Enter Tab …`. */
  sequence(): string {
    return this.keys.join(' ');
  }
}

/** Waits (up to 5 s) until `read` gives `expected`; fails with the last value read. */
async function until<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const ends = Date.now() + 5_000;
  let last = await read();
  while (last !== expected && Date.now() < ends) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toBe(expected);
}

/** The label of the form item holding the focused element; for a focused button, its `data-action`. */
async function focused(page: Page): Promise<string> {
  const item = page.locator('.ant-form-item:has(:focus)');
  if ((await item.count()) > 0) {
    const label = item.last().locator('.ant-form-item-label label').first();
    const marked = label.locator('.audience-label-text');
    return ((await marked.count()) > 0 ? await marked.textContent() : await label.textContent())!.trim();
  }
  const el = page.locator(':focus');
  if ((await el.count()) === 0) return 'nothing';
  return `action:${(await el.first().getAttribute('data-action')) ?? (await el.first().textContent())?.trim()}`;
}

describe('the console on shift: keyboard, classification and conflicts', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  const tokens = new Map<string, string>();
  let operator: Page;

  const api = async (username: string, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    if (!tokens.has(username)) {
      const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      tokens.set(username, res.body.accessToken);
    }
    const req = t.http()[method](path).set('Authorization', `Bearer ${tokens.get(username)}`);
    const res = await (body ? req.send(body) : req);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const departmentId = async (code: string): Promise<string> => (await t.dataSource.query(`SELECT id FROM departments WHERE code = $1`, [code]))[0].id;
  const call = (title: string) =>
    api('op1', 'post', '/api/cases', {
      channel: 'hotline',
      kind: 'complaint',
      categoryCode: 'water.supply',
      regionCode: '441802',
      title,
      content: `${title}，请尽快处理。`,
      citizen: { name: '陈先生', phone: '13512345678' },
    });

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The 409 the conflict test provokes on purpose is the one error Chromium may log.
    errors = consoleErrors((m) => m.text().includes('status of 409 (Conflict)') && m.location().url.endsWith('/dispatch'));
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function open(name: string, username: string): Promise<Page> {
    const context = await newContext(browser, csp, name, DESKTOP);
    contexts.push(context);
    const page = await context.newPage();
    errors.watch(page, name);
    await page.goto(base + '/');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
    return page;
  }

  const dialogTitled = (page: Page, title: string | RegExp): Locator => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });

  it('takes a whole call by keyboard alone, and counts the keys', async () => {
    operator = await open('operator', 'op1');
    // The hand is on the keyboard: the pointer rests in a corner, over no field (a select's × shows,
    // and becomes a tab stop, only under the pointer).
    await operator.mouse.move(0, 0);
    const form = operator.locator('.intake-form');
    await form.waitFor();
    // The page opens with the cursor in 事项分类.
    await until(() => focused(operator), '事项分类');

    const keys = new CountedKeyboard(operator);
    // 事项分类: two characters of the name, Enter takes the first match.
    await keys.search('政策');
    await operator.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item').first().waitFor();
    await keys.press('Enter');
    await form.locator('.ant-cascader-content-value', { hasText: '咨询 / 政策咨询' }).or(form.getByTitle('咨询 / 政策咨询')).first().waitFor();
    // The category implies the kind: 诉求类型 is now 咨询 without a key.
    await form.getByTitle('咨询', { exact: true }).waitFor();

    // No stop on the cascader's ×: Tab goes straight to 所属区划.
    await keys.press('Tab');
    expect(await focused(operator)).toBe('所属区划');
    await keys.search('清城');
    await operator.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item').first().waitFor();
    await keys.press('Enter');
    await form.getByTitle('清远市 / 清城区').first().waitFor();

    // 诉求类型 is right already; 缓急程度: its digit picks it.
    await keys.press('Tab');
    expect(await focused(operator)).toBe('诉求类型');
    await keys.press('Tab');
    expect(await focused(operator)).toBe('缓急程度');
    await keys.press('2');
    await form.getByTitle('紧急', { exact: true }).waitFor();

    await keys.press('Tab');
    expect(await focused(operator)).toBe('标题');
    await keys.text('咨询灵活就业人员社保补贴申请条件');
    await keys.press('Tab');
    expect(await focused(operator)).toBe('诉求内容');
    await keys.text('市民在清城区灵活就业，想了解社保补贴的申请条件、需要的材料和办理地点。');
    await screenshotBoth(operator, SHOTS, 'keys-01-intake-by-keyboard');
    await keys.press('Control+Enter');

    const card = operator.locator('.created-card');
    await card.waitFor();
    const trackingCode = (await card.getByTestId('tracking-code').textContent())!.trim();
    const saved = (await api('op1', 'get', `/api/cases?q=${trackingCode}`)).items;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      categoryCode: 'consultation.policy',
      regionCode: '441802',
      kind: 'consultation',
      priority: 'urgent',
      title: '咨询灵活就业人员社保补贴申请条件',
      content: '市民在清城区灵活就业，想了解社保补贴的申请条件、需要的材料和办理地点。',
      status: 'received',
    });

    // The count the README keeps: 13 keys besides the title and the content.
    expect(keys.sequence()).toBe('政 策 Enter Tab 清 城 Enter Tab Tab 2 Tab Tab Control+Enter');
    expect(keys.keys).toHaveLength(13);
    expect(keys.texts).toHaveLength(2);

    // The success card: the keyboard is on 派单 (Enter takes it); 当场办结 is B, 派单 also P.
    expect(await focused(operator)).toBe('action:dispatch');
    await screenshotBoth(operator, SHOTS, 'keys-02-success-card');
    const after = new CountedKeyboard(operator);
    await after.press('b');
    const closing = dialogTitled(operator, '直接办结');
    await closing.waitFor();
    // Every dialog opens with the cursor in its first field.
    await until(() => focused(operator), '办结方式');
    await after.press('Escape');
    await closing.waitFor({ state: 'hidden' });
    await card.locator('[data-action="dispatch"]').focus();
    await after.press('p');
    const dispatching = dialogTitled(operator, '派单');
    await dispatching.waitFor();
    await until(() => focused(operator), '主办单位');
    // Its department picker: two characters and Enter; then Tab goes to 协办单位 (not to a hidden ×).
    await after.search('人力');
    await operator.locator('.ant-select-dropdown:visible .ant-select-tree-title').first().waitFor();
    await after.press('Enter');
    await after.press('Tab');
    expect(await focused(operator)).toBe('协办单位');
    await after.press('Tab');
    expect(await focused(operator)).toBe('派单意见');
    await after.text('请人社局答复社保补贴政策。');
    await after.press('Control+Enter');
    await dispatching.waitFor({ state: 'hidden' });
    await card.getByText(/已派往 市人力资源和社会保障局/).waitFor();
    expect(after.sequence()).toBe('b Escape p 人 力 Enter Tab Tab Control+Enter');
    const dispatched = await api('op1', 'get', `/api/cases/${saved[0].id}`);
    expect(dispatched).toMatchObject({ status: 'dispatched', owner: { code: 'rsj' } });
    expect(dispatched.timeline.at(-1).note).toBe('请人社局答复社保补贴政策。');
  });

  it('dispatches a letter without a category from one dialog that asks for the category and region', async () => {
    const letter = await t.http().post('/api/public/letters').send({ title: '小区停水三天', content: '阳光小区停水三天了，没有任何通知。', phone: '13912345678' }).expect(201);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE tracking_code = $1`, [letter.body.trackingCode]);
    // The server alone would refuse (409 CLASSIFY_FIRST): the console asks first.
    await operator.goto(`${base}/cases/${id}`);
    const button = operator.locator('.case-actions [data-action="classifyDispatch"]');
    await button.waitFor();
    expect(await button.getAttribute('data-verb')).toBe('update');
    await button.click();
    const dialog = dialogTitled(operator, '补全分类并派单');
    await dialog.waitFor();
    await until(() => focused(operator), '事项分类');
    await operator.keyboard.type('供水');
    await operator.keyboard.press('Enter');
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('清城');
    await operator.keyboard.press('Enter');
    await dialog.getByText('没有匹配的路由规则，请人工选择承办单位').waitFor();
    await operator.keyboard.press('Tab');
    expect(await focused(operator)).toBe('主办单位');
    await operator.keyboard.type('水务');
    await operator.locator('.ant-select-dropdown:visible .ant-select-tree-title').first().waitFor();
    await operator.keyboard.press('Enter');
    await screenshotBoth(operator, SHOTS, 'keys-03-classify-and-dispatch', { fullPage: false });
    await operator.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await operator.locator('.case-page .ant-tag', { hasText: '待签收' }).first().waitFor();
    const c = await api('op1', 'get', `/api/cases/${id}`);
    expect(c).toMatchObject({ status: 'dispatched', categoryCode: 'water.supply', regionCode: '441802', owner: { code: 'swj' } });
    expect(c.timeline.map((e: { type: string }) => e.type).slice(-2)).toEqual(['case.updated', 'case.dispatched']);
  });

  describe('when someone else acts first', () => {
    let supervisorName: string;
    beforeAll(async () => {
      supervisorName = (await api('sup1', 'get', '/api/auth/me')).displayName;
    });

    it('says so at once, keeps the text through the 409, and sends it again on the new version', async () => {
      const c = await call('万达华府停水');
      await operator.goto(`${base}/cases/${c.id}`);
      await operator.locator('.case-actions [data-action="dispatch"]').click();
      const dialog = dialogTitled(operator, '派单');
      await dialog.waitFor();
      await until(() => focused(operator), '主办单位');
      await operator.keyboard.type('水务');
      await operator.locator('.ant-select-dropdown:visible .ant-select-tree-title').first().waitFor();
      await operator.keyboard.press('Enter');
      const opinion = dialog.getByLabel(/派单意见/);
      const typed = '市民家中有卧床老人，请今天内上门查看并联系市民。';
      await opinion.fill(typed);

      // The supervisor notes the case: the open dialog says who, at once, over the live connection.
      await api('sup1', 'post', `/api/cases/${c.id}/notes`, { content: '市民第二次来电催促' });
      const banner = dialog.locator('.case-changed');
      await banner.getByText(new RegExp(`${supervisorName}（督办员）.*内部备注`)).waitFor();
      await expect(opinion.inputValue()).resolves.toBe(typed);
      await dialog.getByRole('button', { name: '按新版本提交' }).waitFor();
      await screenshotBoth(operator, SHOTS, 'keys-04-changed-under-dialog', { fullPage: false });

      // Again, but the operator sends before the page has read the case again: the server answers 409.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // Holds the operator's reads of this case until the 409 has come back.
      const hold = async (route: Route) => {
        await held;
        await route.continue();
      };
      await operator.route(`**/api/cases/${c.id}`, hold);
      const refused = operator.waitForResponse((r) => r.url().endsWith(`/api/cases/${c.id}/dispatch`) && r.status() === 409);
      await api('sup1', 'post', `/api/cases/${c.id}/notes`, { content: '已电话安抚市民' });
      await opinion.press('Control+Enter');
      await refused;
      release();
      await banner.getByText(new RegExp(`${supervisorName}（督办员）.*内部备注`)).waitFor();
      await expect(opinion.inputValue()).resolves.toBe(typed);
      await until(async () => (await api('op1', 'get', `/api/cases/${c.id}`)).status, 'received');

      // Re-applied on the new version: dispatched, with the opinion typed before the conflict.
      await dialog.getByRole('button', { name: '按新版本提交' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const done = await api('op1', 'get', `/api/cases/${c.id}`);
      expect(done).toMatchObject({ status: 'dispatched', owner: { code: 'swj' } });
      expect(done.timeline.at(-1)).toMatchObject({ type: 'case.dispatched', note: typed });
    });

    it('says when the action is no longer possible, and keeps the text to copy', async () => {
      const c = await call('凤城街道水压太低');
      await operator.goto(`${base}/cases/${c.id}`);
      await operator.locator('.case-actions [data-action="dispatch"]').click();
      const dialog = dialogTitled(operator, '派单');
      await dialog.waitFor();
      const opinion = dialog.getByLabel(/派单意见/);
      const typed = '高层住户反映水压不足，请核查二次供水设施。';
      await opinion.fill(typed);

      // The supervisor dispatches it first.
      await api('sup1', 'post', `/api/cases/${c.id}/dispatch`, { departmentId: await departmentId('swj') });
      const banner = dialog.locator('.case-changed');
      await banner.getByText(new RegExp(`${supervisorName}（督办员）.*派单：待派单 → 待签收`)).waitFor();
      await banner.getByText(/已不能再“派单”/).waitFor();
      await until(() => dialog.getByRole('button', { name: /提\s*交/ }).isDisabled(), true);
      await expect(opinion.inputValue()).resolves.toBe(typed);
      await banner.getByTestId('copy-typed').waitFor();
      await screenshotBoth(operator, SHOTS, 'keys-05-no-longer-possible', { fullPage: false });
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
      const after = await api('op1', 'get', `/api/cases/${c.id}`);
      expect(after.timeline.filter((e: { type: string }) => e.type === 'case.dispatched')).toHaveLength(1);
    });
  });

  it('logged no console error on any page', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page broke the Content Security Policy, nor was served without one', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
