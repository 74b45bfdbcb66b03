/**
 * The operator's desk in a real browser (headless Chromium, playwright-core), on a database of its own:
 * an operator types a known caller's number and sees their history and flag, opens one of their cases
 * in one click; types a complaint like an open one and merges it in one click; answers a policy question
 * from the knowledge base and closes it at intake; hands a call over to 110. A department inserts a
 * reply template; a dept_lead is told which entries are due for review; a supervisor reads the
 * centre's figures. Every new panel is photographed at desktop and phone size into web/screenshots/.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { startApp, type TestApp } from './setup/test-app';
import { chooseItem, consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, pickPath, screenshotBoth, type ConsoleErrors } from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');
const CALLER = '13922334455';

jest.setTimeout(60_000);

/** Waits (up to 10 s) for a condition on the page. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const ends = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > ends) throw new Error(`Timed out waiting for ${condition.toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the operator's desk in a browser", () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  let operator: Page;
  const tokens = new Map<string, string>();
  let master: { id: string; trackingCode: string };
  let callerCases: { id: string; title: string }[] = [];

  const api = async (username: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    if (!tokens.has(username)) {
      const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      tokens.set(username, res.body.accessToken);
    }
    const req = t.http()[method](path).set('Authorization', `Bearer ${tokens.get(username)}`);
    const res = await (body ? req.send(body) : req);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    errors = consoleErrors();

    // A caller who has rung before: three cases this year, one already closed, and a supervisor's flag.
    const call = (categoryCode: string, regionCode: string, title: string, content: string, phone = CALLER) =>
      api('op1', 'post', '/api/cases', { channel: 'hotline', kind: 'complaint', categoryCode, regionCode, title, content, citizen: { name: '周阿姨', phone } });
    const first = await call('water.supply', '441802', '阳光小区停水两天', '阳光小区从前天开始停水，没有看到停水通知。');
    await api('op1', 'post', `/api/cases/${first.id}/close`, { reason: 'answered', note: '已告知停水原因', publicNote: '管网抢修，今晚恢复供水。' });
    const second = await call('urban.management', '441802', '小区门口垃圾无人清运', '阳光小区门口垃圾三天没有清运，臭味很大。');
    const third = await call('transport.bus', '441802', '18路公交车不按站停靠', '18路经过人民路口站时经常不停车。');
    callerCases = [third, second, first];
    await api('sup1', 'put', '/api/callers/flag', { phone: CALLER, kind: 'vulnerable', reason: '独居老人，听力不好，请放慢语速' });
    // An open complaint that a new call will repeat: noise in 清城区 goes straight to 清城区人民政府.
    master = await call('environment.noise', '441802', '新城东片区工地夜间打桩噪音扰民', '清城区新城东片区一工地每晚十一点后还在打桩施工，噪音很大，附近居民无法入睡。', '13811112222');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function open(name: string, path: string): Promise<Page> {
    const context = await newContext(browser, csp, name, DESKTOP);
    contexts.push(context);
    const page = await context.newPage();
    errors.watch(page, name);
    await page.goto(base + path);
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
  }

  const form = () => operator.locator('.intake-form');

  it("shows a known caller's history and flag as the number is typed, and opens a case in one click", async () => {
    operator = await open('operator', '/');
    await signIn(operator, 'op1');
    // Typed the way it is heard, with spaces.
    await form().getByLabel('联系电话').fill('139 2233 4455');
    const panel = operator.locator('.caller-card');
    await panel.waitFor();
    await panel.getByText('需关怀：独居老人，听力不好，请放慢语速').waitFor();
    await panel.getByText('在办 2').waitFor();
    expect(await panel.locator('.desk-item-title').allTextContents()).toEqual(callerCases.map((c) => c.title));
    await screenshotBoth(operator, SHOTS, 'desk-01-caller-history');

    await panel.locator('.desk-item', { hasText: '小区门口垃圾无人清运' }).click();
    const drawer = operator.locator('.case-drawer');
    await drawer.getByText('阳光小区门口垃圾三天没有清运，臭味很大。').waitFor();
    await screenshotBoth(operator, SHOTS, 'desk-02-caller-case-drawer', { fullPage: false });
    await operator.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('offers the open case a complaint repeats, and merges the call into it in one click', async () => {
    await pickPath(operator, form().getByLabel('事项分类'), '噪音', '生态环境 / 噪音扰民');
    await pickPath(operator, form().getByLabel('所属区划'), '清城', '清远市 / 清城区');
    await form().getByLabel('来电人').fill('周阿姨');
    await form().getByLabel(/^标题/).fill('晚上工地打桩太吵');
    await form().getByLabel('诉求内容').fill('新城东那边的工地半夜还在打桩，吵得睡不着觉，已经持续一个星期了，请管一管夜间施工。');
    const similar = operator.locator('.similar-card');
    const candidate = similar.locator('.desk-item', { hasText: '新城东片区工地夜间打桩噪音扰民' });
    await candidate.waitFor();
    await candidate.getByText(/相似 \d+%/).waitFor();
    await screenshotBoth(operator, SHOTS, 'desk-03-similar-cases');

    await candidate.locator('[data-action="merge-into"]').click();
    const created = operator.locator('.created-card');
    await created.getByText('已并入相同诉求的在办工单').waitFor();
    const trackingCode = (await created.getByTestId('tracking-code').textContent())!.trim();
    expect(trackingCode).not.toBe(master.trackingCode);
    await screenshotBoth(operator, SHOTS, 'desk-04-merged');
    const seen = await api('sup1', 'get', `/api/cases/${master.id}`);
    expect(seen.mergedCount).toBe(1);
    expect(seen.mergedCases.map((m: { trackingCode: string }) => m.trackingCode)).toEqual([trackingCode]);
  });

  it('answers a policy question from the knowledge base and closes it at intake', async () => {
    await operator.getByRole('button', { name: '受理下一件' }).click();
    await form().getByLabel('诉求类型').click();
    await chooseItem(operator.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '咨询' }));
    await pickPath(operator, form().getByLabel('事项分类'), '公积金', '咨询 / 住房公积金');
    await pickPath(operator, form().getByLabel('所属区划'), '清城', '清远市 / 清城区');
    await form().getByLabel('联系电话').fill('13566778899');
    await form().getByLabel(/^标题/).fill('咨询公积金买房提取');
    await form().getByLabel('诉求内容').fill('我想把公积金取出来付房子首付，需要什么材料，去哪里办');
    const kb = operator.locator('.knowledge-card');
    const first = kb.locator('.knowledge-item').first();
    await first.getByText('购买自住住房提取住房公积金').waitFor();
    await first.getByRole('button', { name: '查看全文' }).click();
    await first.getByText('审核通过后一般3个工作日内到账').waitFor();
    await first.locator('.knowledge-pick input').check();
    const answer = kb.getByLabel('当场答复内容');
    await until(async () => (await answer.inputValue()).includes('首付款也可以提取'));
    await screenshotBoth(operator, SHOTS, 'desk-05-knowledge-answer');

    await kb.locator('[data-action="answer-on-the-spot"]').click();
    const created = operator.locator('.created-card');
    await created.getByText('已当场答复并办结').waitFor();
    const trackingCode = (await created.getByTestId('tracking-code').textContent())!.trim();
    const view = (await t.http().get(`/api/public/cases/${trackingCode}`).query({ verify: '8899' }).expect(200)).body;
    expect(view.status).toBe('closed');
    expect(view.timeline.at(-1).note).toContain('首付款也可以提取');
  });

  it('hands a call over to 110 from the close dialog, with the counterpart’s reference', async () => {
    const c = await api('op1', 'post', '/api/cases', {
      channel: 'hotline',
      kind: 'report',
      categoryCode: 'urban.management',
      regionCode: '441802',
      title: '小区楼下有人持刀打架',
      content: '楼下两个人在打架，其中一人拿着刀。',
      citizen: { phone: '13700001111' },
    });
    await operator.goto(`${base}/cases/${c.id}`);
    await operator.locator('.case-actions [data-action="close"]').click();
    const dialog = operator.locator('.ant-modal').filter({ hasText: '直接办结' });
    await dialog.getByText('转交紧急服务').click();
    await dialog.getByText('110 公安').click();
    await dialog.getByLabel('对方接警编号').fill('JJ-0042');
    await dialog.getByLabel(/办结说明/).fill('已三方通话转 110，对方已派警。');
    await screenshotBoth(operator, SHOTS, 'desk-06-close-transfer-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await operator.locator('.case-details').getByText('110 公安（对方编号 JJ-0042）').waitFor();
  });

  it('a handler inserts a reply template; the master’s reply reaches the merged caller', async () => {
    const handler = await open('handler', '/');
    await signIn(handler, 'h.qcq');
    await handler.goto(`${base}/cases/${master.id}`);
    await handler.locator('.case-actions [data-action="sign"]').click();
    await handler.locator('.ant-popconfirm').getByRole('button', { name: /确\s*认/ }).click();
    await handler.locator('.case-actions [data-action="reply"]').waitFor();
    await handler.locator('.case-actions [data-action="reply"]').click();
    const dialog = handler.locator('.ant-modal').filter({ hasText: '答复市民' });
    await dialog.locator('.template-picker[data-field="content"]').click();
    await chooseItem(handler.locator('.ant-dropdown:visible').getByText('夜间施工噪音答复'));
    await until(async () => (await dialog.getByLabel(/答复内容/).inputValue()).includes('已责令其停止22时后的施工作业'));
    await screenshotBoth(handler, SHOTS, 'desk-07-reply-template', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await handler.locator('.case-page').getByText('已并入 1 件').waitFor();
    await handler.locator('.merged-card').waitFor();
  });

  it("tells a dept_lead which of the department's entries are due for review", async () => {
    const lead = await open('lead', '/');
    await signIn(lead, 'lead.swj');
    const due = lead.locator('.review-due');
    await due.getByText(/本单位有 2 条知识条目到了复核日期/).waitFor();
    await due.getByRole('link', { name: '去复核' }).click();
    await lead.locator('tr.ant-table-row').first().waitFor();
    expect(await lead.locator('tr.ant-table-row').count()).toBe(2);
    await screenshotBoth(lead, SHOTS, 'desk-08-lead-knowledge-review');
  });

  it("shows the centre's own figures beside the departments'", async () => {
    const supervisor = await open('supervisor', '/figures');
    await signIn(supervisor, 'sup1');
    await supervisor.goto(`${base}/figures`);
    const card = supervisor.locator('.centre-figures');
    await card.getByText('派单准确率').waitFor();
    await until(async () => (await card.locator('.ant-statistic-content').first().textContent())?.trim() === '7');
    await screenshotBoth(supervisor, SHOTS, 'desk-09-centre-figures');
  });

  it('logged no console error on any page', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page of the desk broke the Content Security Policy, nor was served without one', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
