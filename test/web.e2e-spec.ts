/**
 * The web console in a real browser (headless Chromium driven by playwright-core), against the real app
 * on its own freshly seeded database: an operator logs a call and dispatches it; the owning department's
 * handler sees it arrive without reloading, signs and replies; the supervisor's live queue shows each
 * change as it happens; a citizen looks the case up, reads the reply and rates it. Along the way every
 * page is photographed at desktop and phone size into web/screenshots/, no page may log a console
 * error, and the citizen's pages must fit a 390 px phone without sideways scrolling.
 *
 * It serves the build in web/dist (`npm test` builds it first, in `pretest`).
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { Clock } from '../src/common/clock';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { asUser, caseBody, createUser, login, TEST_PASSWORD } from './factories';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { startApp, type TestApp } from './setup/test-app';
import {
  consoleErrors,
  CspGuard,
  DESKTOP,
  launchChromium,
  markers,
  newContext,
  PHONE,
  pickNode,
  pickPath,
  screenshotBoth,
  settle,
  type ConsoleErrors,
} from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');

/** Real time, shifted: the spec seeds cases "two days ago" so that some are overdue today. */
class ShiftedClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

jest.setTimeout(60_000);

describe('the web console in a browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  // Every page of every context, those not watched for console errors too.
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  const clock = new ShiftedClock();
  let city: SeededCity;

  // The case the scenario follows.
  let trackingCode = '';
  let queryCode = '';
  // What the operator writes when dispatching: one line for the bureau, one for the citizen.
  const dispatchNote = '请市水务局核实停水原因，督促供水企业尽快恢复并答复市民。';
  const dispatchPublicNote = '您反映的停水问题已转交市水务局办理，请保持电话畅通。';
  const replyText = '经核查，停水系管网抢修所致，已于今日 18 时恢复供水，并要求供水公司今后提前张贴停水通知。';

  // The three staff screens, open side by side for the whole scenario.
  let operator: Page;
  let handler: Page;
  let supervisor: Page;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html')) || !existsSync(join(WEB_DIR, 'citizen', 'index.html'))) {
      throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    }
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    // A database of its own, with only the demo city: the pages show what this spec made, nothing else.
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, clock, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // A wrong query code on the rating form is answered 404 on purpose, and Chromium logs every 4xx.
    errors = consoleErrors((m) => /status of 404/.test(m.text()) && /\/api\/public\/cases\/[^/]+\/rating$/.test(m.location().url));
    city = await seedCity(t, clock);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function open(name: string, path: string, viewport = DESKTOP, phone = false): Promise<Page> {
    const context = await newContext(browser, csp, name, viewport, phone);
    contexts.push(context);
    const page = await context.newPage();
    errors.watch(page, name);
    await page.goto(base + path);
    return page;
  }

  async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
    // Connected to /live before anything happens, so what follows can only arrive by push.
    await page.locator('.live-state[data-live="live"]').waitFor();
    // Set once: still there at the end only if the page was never reloaded.
    await page.evaluate('window.sameDocument = true');
  }

  /** A row of a case table, by tracking code. */
  const row = (page: Page, code: string): Locator => page.locator('tr.ant-table-row', { hasText: code });

  /** Waits for what a live update should bring, without touching the page. */
  async function expectUpdate(locator: Locator): Promise<void> {
    await locator.waitFor({ timeout: 10_000 });
  }

  const neverReloaded = (page: Page) => page.evaluate<boolean>('window.sameDocument === true');

  // Statuses the supervisor's queue showed for the case, in order.
  const seenBySupervisor: string[] = [];
  async function supervisorSees(status: string): Promise<void> {
    await expectUpdate(row(supervisor, trackingCode).locator('.ant-tag', { hasText: status }));
    seenBySupervisor.push(status);
  }

  it('shows the login form when signed out', async () => {
    const page = await open('login', '/');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await screenshotBoth(page, SHOTS, '01-login');
  });

  it('answers a wrong password on the form, in Chinese', async () => {
    // Not watched for console errors: Chromium reports every 4xx answer there, and a 401 is this test's point.
    const context = await newContext(browser, csp, 'wrong-password');
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('用户名').fill('op1');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();
  });

  it('signs in the operator, the handler and the supervisor, each on their own start page', async () => {
    [operator, handler, supervisor] = await Promise.all([open('operator', '/'), open('handler', '/'), open('supervisor', '/')]);
    await Promise.all([signIn(operator, 'op1'), signIn(handler, 'h.swj'), signIn(supervisor, 'sup1')]);
    expect(new URL(operator.url()).pathname).toBe('/intake');
    expect(new URL(handler.url()).pathname).toBe('/inbox');
    expect(new URL(supervisor.url()).pathname).toBe('/monitor');
    // Each sees only their role's menu.
    await expect(menu(operator)).resolves.toEqual(['电话受理', '派单队列', '退单审核', '待督办裁定', '回访队列', '全市工单', '超时看板', '知识库']);
    await expect(menu(handler)).resolves.toEqual(['本单位待办', '知识库']);
    await expect(menu(supervisor)).resolves.toEqual(['全市态势', '事件', '全市实时工单', '超时看板', '延期审批', '挂起审批', '争议裁定', '考核统计', '知识库', '常用语', '来电标记']);
    await handler.getByText('暂无待办工单').waitFor();
    await supervisor.locator('tr.ant-table-row').first().waitFor();
    await screenshotBoth(operator, SHOTS, '02-operator-intake');
  });

  it('an operator logs a water-supply call with the keyboard; the routing suggestion shows before dispatch', async () => {
    const form = operator.locator('.intake-form');
    await pickPath(operator, form.getByLabel('事项分类'), '供水', '水务 / 供水');
    await pickPath(operator, form.getByLabel('所属区划'), '清城', '清远市 / 清城区');
    // water.supply has no routing rule: the centre chooses.
    await operator.getByText('没有匹配的路由规则').waitFor();
    await form.getByLabel('来电人').fill('陈女士');
    await form.getByLabel('联系电话').fill('138 2233 4455');
    await form.getByLabel(/^标题/).fill('凤城街道某小区停水两天无人通知');
    await form.getByLabel('诉求内容').fill('小区自前天起停水，物业说是管网维修，但没有贴通知，也不知道何时恢复，老人小孩用水困难。');
    await form.getByLabel('事发地址').fill('清城区凤城街道某小区 5 栋');
    // The title is what the citizen's page shows back: the form says so.
    expect(await markers(form)).toMatchObject({ 标题: 'citizen', 诉求内容: null, 事发地址: null });
    await form.getByLabel('诉求内容').press('Control+Enter');

    const created = operator.locator('.created-card');
    await created.waitFor();
    trackingCode = (await created.getByTestId('tracking-code').textContent())!.trim();
    queryCode = (await created.getByTestId('query-code').textContent())!.trim();
    expect(trackingCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    expect(queryCode).toMatch(/^\d{6}$/);
    await screenshotBoth(operator, SHOTS, '03-operator-created');
    // The supervisor's city queue shows the new case, waiting for dispatch.
    await supervisorSees('待派单');
  });

  it('the operator dispatches it to the water bureau from the same screen', async () => {
    await operator.locator('.created-card [data-action="dispatch"]').click();
    const dialog = operator.locator('.ant-modal').filter({ hasText: '主办单位' });
    await dialog.waitFor();
    await pickNode(operator, dialog.getByLabel('主办单位'), '水务', '市水务局');
    // Two texts, marked for who reads them: the opinion for the bureau, and a word for the citizen.
    await expect(markers(dialog)).resolves.toEqual({ 主办单位: null, 协办单位: null, 派单意见: 'internal', 告知市民: 'citizen' });
    await dialog.locator('[data-audience="citizen"]').hover();
    await operator.locator('.ant-tooltip:visible').getByText('市民查询办理进度时会读到这段文字').waitFor();
    await operator.mouse.move(0, 0);
    await dialog.getByLabel('派单意见').fill(dispatchNote);
    await dialog.getByLabel('告知市民').fill(dispatchPublicNote);
    await screenshotBoth(operator, SHOTS, '04-operator-dispatch-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await operator.locator('.created-card').getByText('已派往 市水务局').waitFor();
    await supervisorSees('待签收');
  });

  it("the water bureau's handler sees it arrive in the inbox, signs for it and replies", async () => {
    const r = row(handler, trackingCode);
    await expectUpdate(r);
    await r.locator('.ant-tag', { hasText: '待签收' }).waitFor();
    await screenshotBoth(handler, SHOTS, '05-handler-inbox');

    await r.locator('[data-action="sign"]').click();
    await handler.locator('.ant-popconfirm').getByRole('button', { name: /确\s*认/ }).click();
    await r.locator('.ant-tag', { hasText: '办理中' }).waitFor();
    await supervisorSees('办理中');

    // The case page: details, timeline, and the actions a handler may take now.
    await r.getByRole('link', { name: trackingCode }).click();
    await handler.locator('.case-page').waitFor();
    await handler.locator('.case-timeline').getByText('签收', { exact: true }).waitFor();
    expect(await handler.locator('.case-actions [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([
      'reply',
      'return',
      'note',
      'attach',
    ]);
    // The dispatch step: the operator's opinion marked 内部, beside the word for the citizen marked 市民可见.
    const dispatched = handler.locator('.case-timeline .tl-item', { has: handler.getByText('派单', { exact: true }) });
    await expect(dispatched.getByTestId('tl-note').textContent()).resolves.toBe(`内部${dispatchNote}`);
    await expect(dispatched.getByTestId('tl-note').locator('[data-audience]').getAttribute('data-audience')).resolves.toBe('internal');
    await expect(dispatched.getByTestId('tl-public-note').textContent()).resolves.toBe(`市民可见${dispatchPublicNote}`);
    await expect(dispatched.getByTestId('tl-public-note').locator('[data-audience]').getAttribute('data-audience')).resolves.toBe('citizen');
    // Departments see the citizen's phone masked.
    await handler.getByText('138****4455').waitFor();
    await screenshotBoth(handler, SHOTS, '06-handler-case');

    await handler.locator('.case-actions [data-action="reply"]').click();
    const dialog = handler.locator('.ant-modal').filter({ hasText: '答复内容' });
    await dialog.getByLabel('答复内容').fill(replyText);
    await screenshotBoth(handler, SHOTS, '07-handler-reply-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await handler.locator('.case-page .ant-tag', { hasText: '已答复' }).first().waitFor();
    await handler.locator('.case-timeline').getByText('答复', { exact: true }).waitFor();
    await supervisorSees('已答复');
  });

  it("the supervisor's queue showed every step as it happened", async () => {
    expect(seenBySupervisor).toEqual(['待派单', '待签收', '办理中', '已答复']);
    await screenshotBoth(supervisor, SHOTS, '08-supervisor-live-queue');
  });

  it('…without any page being reloaded (live over /live)', async () => {
    await expect(neverReloaded(handler)).resolves.toBe(true);
    await expect(neverReloaded(supervisor)).resolves.toBe(true);
    await expect(neverReloaded(operator)).resolves.toBe(true);
  });

  it('a handler whose connection drops gets what happened meanwhile when it comes back (resume)', async () => {
    // A page of its own, not watched for console errors: its connection is cut on purpose.
    const context = await newContext(browser, csp, 'handler-offline');
    contexts.push(context);
    const page = await context.newPage();
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      sockets.push(ws);
      ws.connectToServer();
    });
    await page.goto(base + '/');
    await signIn(page, 'h.swj');
    // The inbox is on screen (and so listening) before anything happens.
    await row(page, trackingCode).waitFor();
    // An event this page sees (a note on the bureau's case), so it has a seq to resume from.
    const op = (await t.http().post('/api/auth/login').send({ username: 'op1', password: DEMO_PASSWORD })).body.accessToken as string;
    const followed = (await t.http().get('/api/cases').query({ q: trackingCode }).set('Authorization', `Bearer ${op}`)).body.items[0];
    await t.http().post(`/api/cases/${followed.id}/notes`).set('Authorization', `Bearer ${op}`).send({ content: '已电话告知市民答复内容。' });
    await row(page, trackingCode).and(page.locator('.row-flash')).waitFor();

    // The network goes: the socket closes and reconnection attempts fail.
    // Reloads of the list (its filters alone), and questions about one case (the filters plus `id`).
    const listLoads: string[] = [];
    const questions: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname !== '/api/cases') return;
      if (url.searchParams.has('id')) questions.push(url.searchParams.get('id')!);
      else listLoads.push(r.url());
    });
    const cut = (route: { abort(): Promise<void> }) => route.abort();
    await page.route('**/socket.io/**', cut);
    for (const ws of sockets) await ws.close();
    await page.locator('.live-state[data-live="offline"]').waitFor();

    // Meanwhile the centre dispatches another case to the water bureau.
    const departments = (await t.http().get('/api/departments').set('Authorization', `Bearer ${op}`)).body as { id: string; code: string }[];
    const created = await t
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${op}`)
      .send({ channel: 'hotline', kind: 'request', categoryCode: 'water.supply', regionCode: '441802', title: '断网期间派来的工单：水表漏水', content: '楼道水表接口漏水。', citizen: { phone: '13700137000' } });
    await t
      .http()
      .post(`/api/cases/${created.body.id}/dispatch`)
      .set('Authorization', `Bearer ${op}`)
      .send({ departmentId: departments.find((d) => d.code === 'swj')!.id });

    // The network is back: the client reconnects, resumes after the last seq it saw, and the case appears.
    await page.unroute('**/socket.io/**', cut);
    await page.locator('.live-state[data-live="live"]').waitFor({ timeout: 15_000 });
    await row(page, created.body.trackingCode).locator('.ant-tag', { hasText: '待签收' }).waitFor({ timeout: 10_000 });
    // It came as replayed events (resume), each asking the server about its case, not by reloading the
    // list or the page.
    expect(listLoads).toEqual([]);
    expect(questions).toContain(created.body.id);
    await expect(neverReloaded(page)).resolves.toBe(true);
  });

  it('a handler whose account is deactivated mid-session is signed out at once', async () => {
    // A page of its own, not watched for console errors: its connection is refused on purpose.
    const context = await newContext(browser, csp, 'handler-deactivated');
    contexts.push(context);
    const page = await context.newPage();
    const [swj] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`);
    const leaving = await createUser(t.dataSource, 'handler', { departmentId: swj.id });
    await page.goto(base + '/');
    await signIn(page, leaving.username, TEST_PASSWORD);
    // Deactivated by an administrator (or another instance): the server closes the socket, the page
    // knocks again, is refused, and signs out — with no click, and no request of its own needed.
    await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [leaving.id]);
    await page.getByText('登录已失效，请重新登录').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  });

  it('a citizen on a phone looks the case up with the phone’s last four digits, reads the steps and the reply', async () => {
    const phone = await open('citizen', '/citizen#lookup', PHONE, true);
    await phone.getByLabel('受理编号').fill(trackingCode.toLowerCase());
    await phone.getByLabel('查询码或手机号后四位').fill('4455');
    await phone.getByRole('button', { name: '查询' }).click();
    await phone.getByTestId('case-reply').getByText(replyText).waitFor();
    await expect(phone.getByTestId('case-status').textContent()).resolves.toBe('已答复');
    await expect(phone.getByTestId('case-owner').textContent()).resolves.toBe('市水务局');
    // Each step in the server's standard words, newest first; under the dispatch, the operator's word
    // for the citizen. Never the opinion written for the bureau, nor the centre's internal note.
    const steps = phone.getByTestId('timeline-step');
    await expect(steps.locator('.tl-summary').allTextContents()).resolves.toEqual(['市水务局已答复', '市水务局已签收，正在办理', '已派单至市水务局', '诉求已受理']);
    await expect(steps.filter({ hasText: '已派单至市水务局' }).locator('.tl-note').textContent()).resolves.toBe(dispatchPublicNote);
    const text = (await phone.locator('main').textContent())!;
    expect(text).not.toContain(dispatchNote);
    expect(text).not.toContain('已电话告知市民答复内容');
    // The phone digits open the page but do not rate: the form asks for the query code, and says why.
    const rating = phone.locator('form.rating');
    await rating.getByTestId('query-code-ask').getByText('手机号后四位只能查看进度').waitFor();
    await expect(rating.getByLabel('查询码').inputValue()).resolves.toBe('');
    await expectFits(phone);
    await settle(phone);
    await phone.screenshot({ path: join(SHOTS, '11-citizen-case-phone.png'), fullPage: true });

    await rating.getByRole('radio', { name: '满意', exact: true }).click();
    await rating.getByRole('radio', { name: '已解决' }).click();
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByRole('alert').getByText('请填写 6 位数字的查询码').waitFor();
    // A wrong code is the server's 404, told in words.
    await rating.getByLabel('查询码').fill(queryCode === '000000' ? '111111' : '000000');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByRole('alert').getByText('查询码不正确').waitFor();
    await expect(phone.getByTestId('case-status').textContent()).resolves.toBe('已答复');
    // The right one rates.
    await rating.getByLabel('查询码').fill(queryCode);
    await rating.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('感谢您的评价').waitFor();
    await expect(phone.getByTestId('case-status').textContent()).resolves.toBe('已办结');
    await expectFits(phone);
    // Closed: it leaves the supervisor's queue of open cases.
    await row(supervisor, trackingCode).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a citizen sends a letter, keeps its codes and finds it again, all within a 390 px phone', async () => {
    const phone = await open('citizen-letter', '/citizen', PHONE, true);
    await phone.getByRole('heading', { name: '给市长写信' }).waitFor();
    await expectFits(phone);
    await settle(phone);
    await phone.screenshot({ path: join(SHOTS, '09-citizen-letter-phone.png'), fullPage: true });
    await phone.getByRole('textbox', { name: /^手机号码/ }).fill('139 1234 5678');
    await phone.getByRole('textbox', { name: /^标题/ }).fill('小区门口路灯不亮');
    await phone.getByRole('textbox', { name: /^内容/ }).fill('清城区东林街道某小区门口三盏路灯已经坏了半个月，晚上出行很不安全。');
    await phone.getByRole('button', { name: '提交来信' }).click();
    const code = (await phone.getByTestId('tracking-code').textContent())!.trim();
    const letterQueryCode = (await phone.getByTestId('query-code').textContent())!.trim();
    await expectFits(phone);
    await settle(phone);
    await phone.screenshot({ path: join(SHOTS, '10-citizen-receipt-phone.png'), fullPage: true });

    // Remembered on this phone: a new visit offers it again.
    await phone.goto('about:blank');
    await phone.goto(`${base}/citizen`);
    const remembered = phone.locator('.remembered');
    await remembered.getByText('您最近的来信').waitFor();
    await remembered.getByText(code).waitFor();
    await settle(phone);
    await phone.screenshot({ path: join(SHOTS, '10-citizen-remembered-phone.png'), fullPage: true });
    await remembered.getByRole('button', { name: '查看进度' }).click();
    await phone.getByTestId('case-status').waitFor();
    await expect(phone.getByTestId('case-status').textContent()).resolves.toBe('已受理');
    await expectFits(phone);

    // The centre classifies and dispatches it, 城管 answers; the page, following it live, offers the
    // rating, with no question about the code: it was opened with the query code.
    const [letter] = (await ok((await as('op1')).get('/api/cases', { q: code }))).items;
    await ok((await as('op1')).patch(`/api/cases/${letter.id}`, { categoryCode: 'urban.management', regionCode: '441802' }));
    await ok((await as('op1')).post(`/api/cases/${letter.id}/dispatch`, { departmentId: await departmentId('cgj') }));
    await ok((await as('h.cgj')).post(`/api/cases/${letter.id}/sign`));
    await ok((await as('h.cgj')).post(`/api/cases/${letter.id}/reply`, { content: '已安排维修，三盏路灯已于今日恢复照明。', resolution: 'resolved' }));
    await expectUpdate(phone.locator('form.rating'));
    await expect(phone.getByTestId('query-code-ask').count()).resolves.toBe(0);
    // Looked up again with the phone's digits, in the browser that sent it: the code is filled in.
    await phone.goto('about:blank');
    await phone.goto(`${base}/citizen#lookup`);
    await phone.getByLabel('受理编号').fill(code);
    await phone.getByLabel('查询码或手机号后四位').fill('5678');
    await phone.getByRole('button', { name: '查询' }).click();
    const ask = phone.getByTestId('query-code-ask');
    await ask.getByText('已为您填入本机保存的查询码').waitFor();
    await expect(ask.getByLabel('查询码').inputValue()).resolves.toBe(letterQueryCode);

    // The same pages on a desktop screen.
    const desk = await open('citizen-desktop', '/citizen#write');
    await desk.getByRole('heading', { name: '给市长写信' }).waitFor();
    await settle(desk);
    await desk.screenshot({ path: join(SHOTS, '09-citizen-letter-desktop.png'), fullPage: true });
    await desk.goto(`${base}/citizen#lookup`);
    await desk.getByLabel('受理编号').fill(trackingCode);
    await desk.getByLabel('查询码或手机号后四位').fill(queryCode);
    await desk.getByRole('button', { name: '查询' }).click();
    await desk.getByTestId('case-reply').waitFor();
    await settle(desk);
    await desk.screenshot({ path: join(SHOTS, '11-citizen-case-desktop.png'), fullPage: true });
  });

  it('photographs the remaining screens of each role', async () => {
    // Operator: the four queues.
    for (const [queue, n] of [
      ['dispatch', '12'],
      ['returned', '13'],
      ['decision', '14'],
      ['callback', '15'],
    ] as const) {
      await operator.goto(`${base}/queues/${queue}`);
      await operator.locator('tr.ant-table-row').first().waitFor();
      await screenshotBoth(operator, SHOTS, `${n}-operator-queue-${queue}`);
    }
    // Supervisor: overdue board, extension decisions (with the dialog), ownership decisions, figures.
    await supervisor.goto(`${base}/overdue`);
    await supervisor.locator('.ant-table-row .ant-typography-danger').first().waitFor();
    await supervisor.locator('.countdown-overdue').first().waitFor();
    await screenshotBoth(supervisor, SHOTS, '16-supervisor-overdue');
    await supervisor.goto(`${base}/extensions`);
    await supervisor.locator('[data-action="decideExtension"]').first().click();
    await supervisor.locator('.ant-modal').getByText('申请理由').waitFor();
    await screenshotBoth(supervisor, SHOTS, '17-supervisor-extension-dialog', { fullPage: false });
    await supervisor.locator('.ant-modal').getByRole('button', { name: /取\s*消/ }).click();
    await supervisor.goto(`${base}/decisions`);
    await supervisor.locator('tr.ant-table-row').first().waitFor();
    await screenshotBoth(supervisor, SHOTS, '18-supervisor-decisions');
    await supervisor.goto(`${base}/figures`);
    await supervisor.locator('.figures-chart svg').waitFor();
    await supervisor.getByText('市交通运输局').first().waitFor();
    await screenshotBoth(supervisor, SHOTS, '19-supervisor-figures');
  });

  it('return review and pauses: the operator refuses a return beside its reason; the supervisor approves a pause', async () => {
    const created = await ok((await as('op1')).post('/api/cases', caseBody({ categoryCode: 'urban.management', title: '凤城街道路灯不亮' })));
    await ok((await as('op1')).post(`/api/cases/${created.id}/dispatch`, { departmentId: await departmentId('cgj') }));
    const reason = '该路段路灯由供电部门管理，不属于本局职责';
    await ok((await as('h.cgj')).post(`/api/cases/${created.id}/return`, { reason }));

    await operator.goto(`${base}/queues/returned`);
    const returned = row(operator, created.trackingCode);
    await returned.getByText(reason).waitFor();
    await returned.locator('[data-action="dispatch"]').waitFor();
    await returned.locator('[data-action="rejectReturn"]').click();
    const dialog = operator.locator('.ant-modal');
    await dialog.getByText(reason).waitFor();
    await dialog.getByLabel(/不予认可的理由/).fill('经核查，该路段路灯由城管局维护，退回理由不成立');
    await screenshotBoth(operator, SHOTS, '21-operator-reject-return-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await operator.getByText('已退回原承办单位').waitFor();
    const back = (await (await as('op1')).get(`/api/cases/${created.id}`)).body;
    expect({ status: back.status, owner: back.owner.code }).toEqual({ status: 'dispatched', owner: 'cgj' });
    expect((await (await as('h.cgj')).post(`/api/cases/${created.id}/return`, { reason })).body.code).toBe('RETURN_REFUSED');

    await ok((await as('h.cgj')).post(`/api/cases/${created.id}/sign`));
    await ok((await as('lead.cgj')).post(`/api/cases/${created.id}/pause`, { reason: 'other_authority', note: '需供电部门先行确认线路产权' }));
    await supervisor.goto(`${base}/pauses`);
    await row(supervisor, created.trackingCode).locator('[data-action="decidePause"]').click();
    const decision = supervisor.locator('.ant-modal');
    await decision.getByText('需供电部门先行确认线路产权').waitFor();
    await screenshotBoth(supervisor, SHOTS, '22-supervisor-pause-dialog', { fullPage: false });
    await decision.getByRole('button', { name: /提\s*交/ }).click();
    await supervisor.getByText('已审批').waitFor();
    await supervisor.goto(`${base}/cases/${created.id}`);
    await supervisor.getByText('已挂起').first().waitFor();
    expect((await (await as('sup1')).get(`/api/cases/${created.id}`)).body).toMatchObject({ paused: true, overdue: false });
  });

  it('every dialog marks who will read each text it asks for: 市民可见, 公开 or 内部', async () => {
    // A case in progress at the water bureau, for its handler's and its lead's dialogs.
    const working = await ok((await as('op1')).post('/api/cases', {
      channel: 'hotline',
      kind: 'complaint',
      categoryCode: 'water.supply',
      regionCode: '441802',
      title: '小区二次供水水箱长期未清洗',
      content: '水箱多年未清洗，自来水有异味。',
      citizen: { phone: '13600136000' },
    }));
    await ok((await as('op1')).post(`/api/cases/${working.id}/dispatch`, { departmentId: await departmentId('swj') }));
    await ok((await as('h.swj')).post(`/api/cases/${working.id}/sign`));
    const lead = await open('lead', '/');
    await signIn(lead, 'lead.swj');

    /** Opens an action's dialog on the case's page; `then` reads it (and may change choices in it); cancels. */
    async function inDialog(page: Page, caseId: string, action: string, then: (dialog: Locator) => Promise<void>): Promise<void> {
      if (!page.url().endsWith(`/cases/${caseId}`)) await page.goto(`${base}/cases/${caseId}`);
      await page.locator(`.case-actions [data-action="${action}"]`).click();
      const dialog = page.locator('.ant-modal-wrap:visible .ant-modal');
      await dialog.locator('.ant-form-item').first().waitFor();
      await then(dialog);
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    const choose = (dialog: Locator, option: string) => dialog.locator('.ant-radio-button-wrapper', { hasText: option }).click();

    await inDialog(operator, city.policy.id, 'reclassify', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 诉求类型: null, 缓急程度: null, 事项分类: null, 所属区划: null, 标题: 'citizen', 地址: null });
    });
    await inDialog(operator, city.policy.id, 'dispatch', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 主办单位: null, 协办单位: null, 派单意见: 'internal', 告知市民: 'citizen' });
    });
    await inDialog(operator, city.policy.id, 'close', async (d) => {
      // Answered: the knowledge entries it rests on (a picker, nothing written), then the texts.
      await expect(markers(d)).resolves.toEqual({ 办结方式: null, 依据的知识条目: null, 办结说明: 'internal', 告知市民: 'citizen' });
      // Merged: its citizen reads this step (and what they are told here) before the master's progress.
      await choose(d, '合并办理');
      await expect(markers(d)).resolves.toEqual({ 办结方式: null, 并入工单: null, 办结说明: 'internal', 告知市民: 'citizen' });
      await choose(d, '不予受理');
      await expect(markers(d)).resolves.toEqual({ 办结方式: null, 办结说明: 'internal', 告知市民: 'citizen' });
    });
    await inDialog(operator, city.policy.id, 'note', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 备注内容: 'internal' });
    });
    await inDialog(operator, city.noise.id, 'callback', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 市民评价: null, 问题是否解决: null, 回访记录: 'internal' });
    });
    await inDialog(handler, working.id, 'reply', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 办理结果: null, 答复内容: 'citizen', 答复附件: 'citizen' });
      await choose(d, '无法解决');
      await expect(markers(d)).resolves.toEqual({ 办理结果: null, 答复内容: 'citizen', 无法解决的原因: 'internal', 答复附件: 'citizen' });
    });
    await inDialog(handler, working.id, 'return', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 退单理由: 'internal', 建议承办单位: null });
    });
    await inDialog(lead, working.id, 'requestExtension', async (d) => {
      await expect(markers(d)).resolves.toEqual({ '申请延长（工作日）': null, 延期理由: 'internal' });
    });
    await inDialog(supervisor, city.consumer.id, 'decideExtension', async (d) => {
      await expect(markers(d)).resolves.toEqual({ 审批意见: null, '批准天数（可少于申请）': null, 审批说明: 'internal', 告知市民: 'citizen' });
      // A refusal stays off the citizen's timeline: nothing to tell them with it.
      await choose(d, '不批准');
      await expect(markers(d)).resolves.toEqual({ 审批意见: null, 审批说明: 'internal' });
    });

    // Supervision publishes its facts and requirement; the timeline marks the facts 公开.
    await supervisor.goto(`${base}/cases/${city.policy.id}`);
    await supervisor.locator('.case-actions [data-action="supervise"]').click();
    const supervise = supervisor.locator('.ant-modal-wrap:visible .ant-modal');
    await expect(markers(supervise)).resolves.toEqual({ 督办事实: 'public', 整改要求: 'public' });
    await supervise.getByLabel('督办事实').fill('政策咨询超过一个工作日未派单。');
    await supervise.getByLabel('整改要求').fill('请 12345 中心当日派单并答复市民。');
    await supervise.getByRole('button', { name: /提\s*交/ }).click();
    const supervised = supervisor.locator('.case-timeline .tl-item', { has: supervisor.getByText('督办', { exact: true }) });
    await expect(supervised.getByTestId('tl-note').locator('[data-audience]').getAttribute('data-audience')).resolves.toBe('public');
    await expect(supervised.getByTestId('tl-note').textContent()).resolves.toBe('公开政策咨询超过一个工作日未派单。');
  }, 120_000); // ten dialogs on four cases, each page opened afresh

  it('a supervisor’s word for the citizen reaches their view of the case; the reason for the decision does not', async () => {
    const reason = '住建、清城区、城管均已退回；加装电梯补贴由城管执法局牵头协调（内部裁定意见）。';
    const forCitizen = '经督办协调，您反映的加装电梯补贴问题由市城市管理和综合执法局负责办理，请留意来电。';
    await supervisor.goto(`${base}/decisions`);
    const r = row(supervisor, city.disputed.trackingCode);
    await r.locator('[data-action="decideOwner"]').click();
    const dialog = supervisor.locator('.ant-modal-wrap:visible .ant-modal');
    await expect(markers(dialog)).resolves.toEqual({ 裁定承办单位: null, 裁定理由: 'internal', 告知市民: 'citizen' });
    await pickNode(supervisor, dialog.getByLabel('裁定承办单位'), '城市管理', '市城市管理和综合执法局');
    await dialog.getByLabel('裁定理由').fill(reason);
    await dialog.getByLabel('告知市民').fill(forCitizen);
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    // Decided: the server says it no longer belongs in this queue.
    await r.waitFor({ state: 'detached', timeout: 10_000 });

    const view = await t.http().get(`/api/public/cases/${city.disputed.trackingCode}`).query({ verify: city.disputed.queryCode }).expect(200);
    const decided = (view.body.timeline as { type: string; summary: string; note: string | null }[]).find((e) => e.type === 'case.owner_decided');
    expect(decided).toMatchObject({ summary: '经督办裁定，由市城市管理和综合执法局办理', note: forCitizen });
    expect(JSON.stringify(view.body)).not.toContain(reason);
    // Staff read both, each marked.
    await supervisor.goto(`${base}/cases/${city.disputed.id}`);
    const step = supervisor.locator('.case-timeline .tl-item', { has: supervisor.getByText('裁定承办单位', { exact: true }) });
    await expect(step.getByTestId('tl-note').textContent()).resolves.toBe(`内部${reason}`);
    await expect(step.getByTestId('tl-public-note').textContent()).resolves.toBe(`市民可见${forCitizen}`);
    await screenshotBoth(supervisor, SHOTS, '20-supervisor-case-decided');
  });

  it('a searched city queue asks the server, once per case and with its own filters, whether a new case belongs in it', async () => {
    const page = await open('supervisor-search', '/');
    await signIn(page, 'sup1');
    const term = '排水井盖';
    await page.getByPlaceholder('受理编号 / 标题 / 地址').fill(term);
    await page.getByPlaceholder('受理编号 / 标题 / 地址').press('Enter');
    await page.locator('.ant-table-placeholder').getByText('暂无工单').waitFor();
    const asked: Record<string, string>[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/cases' && url.searchParams.has('id')) asked.push(Object.fromEntries(url.searchParams));
    });

    // Noise in 清城区: a routing rule dispatches it at intake, so each intake sends two events at once.
    const noise = (title: string) => ({
      channel: 'hotline',
      kind: 'complaint',
      categoryCode: 'environment.noise',
      regionCode: '441802',
      title,
      content: '车辆经过时井盖哐当作响，整夜不断。',
      citizen: { phone: '13500135000' },
    });
    const matching = await ok((await as('op1')).post('/api/cases', noise(`${term}松动，夜间车辆碾压噪音大`)));
    const other = await ok((await as('op1')).post('/api/cases', noise('广场舞音响声音过大')));
    expect(matching.status).toBe('dispatched');
    await row(page, matching.trackingCode).locator('.ant-tag', { hasText: '待签收' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1_000); // time for any second question to be asked
    // One question per case, each with the list's own filters: the server decides, the console copies none.
    expect(asked.filter((q) => q.id === matching.id)).toEqual([{ order: 'newest', open: 'true', q: term, id: matching.id, limit: '1' }]);
    expect(asked.filter((q) => q.id === other.id)).toEqual([{ order: 'newest', open: 'true', q: term, id: other.id, limit: '1' }]);
    await expect(row(page, other.trackingCode).count()).resolves.toBe(0);
    await expect(page.locator('tr.ant-table-row').count()).resolves.toBe(1);
  });

  it('the API’s own page (/api/docs) renders under the same policy', async () => {
    const docs = await open('api-docs', '/api/docs');
    await docs.locator('.swagger-ui .opblock').first().waitFor();
    await docs.getByText('/api/public/cases/{trackingCode}/rating').first().waitFor();
  });

  it('no page logged an error to the browser console', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page broke the Content Security Policy, nor was served without one', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });

  // Staff calls through the API, for steps the browser does not take.
  const tokens = new Map<string, string>();
  async function as(username: string) {
    if (!tokens.has(username)) tokens.set(username, await login(t, username, DEMO_PASSWORD));
    return asUser(t, tokens.get(username)!);
  }
  async function ok(req: PromiseLike<{ status: number; body: unknown }>) {
    const res = await req;
    if (res.status >= 300) throw new Error(`setup step answered ${res.status} ${JSON.stringify(res.body)}`);
    // The few fields these steps read: a case's, or a list's.
    return res.body as { id: string; trackingCode: string; status: string; items: { id: string; trackingCode: string }[] };
  }
  async function departmentId(code: string): Promise<string> {
    const [row] = (await t.dataSource.query(`SELECT id FROM departments WHERE code = $1`, [code])) as { id: string }[];
    return row.id;
  }

  /** The names in the side menu. */
  async function menu(page: Page): Promise<string[]> {
    return page.locator('.shell-sider .ant-menu-title-content').allTextContents();
  }

  async function expectFits(page: Page): Promise<void> {
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
  }
});

/**
 * A small city's worth of cases, through the API as the staff would make them, so that every screen has
 * something to show: overdue cases (made "two days ago"), a pending extension, returns, a case waiting
 * for a supervisor's decision, a replied one waiting for the callback, and a closed one in the figures.
 */
/** The seeded cases the later tests open again. */
interface SeededCity {
  /** At the centre, waiting for dispatch (a consultation). */
  policy: { id: string; trackingCode: string };
  /** In progress at 市市场监督管理局, its extension request pending. */
  consumer: { id: string; trackingCode: string };
  /** Replied by 清城区, waiting for the callback. */
  noise: { id: string; trackingCode: string };
  /** Returned three times: the supervisor's to decide. */
  disputed: { id: string; trackingCode: string; queryCode: string };
}

async function seedCity(t: TestApp, clock: { offsetMs: number }): Promise<SeededCity> {
  const tokens = new Map<string, string>();
  const as = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      tokens.set(username, res.body.accessToken);
    }
    return tokens.get(username)!;
  };
  const call = async (username: string, method: 'get' | 'post', path: string, body?: object) => {
    const res = await t.http()[method](path).set('Authorization', `Bearer ${await as(username)}`).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path} as ${username} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const departments: Record<string, string> = {};
  const walk = (nodes: { id: string; code: string; children: never[] }[]) =>
    nodes.forEach((d) => {
      departments[d.code] = d.id;
      walk(d.children);
    });
  walk(await call('op1', 'get', '/api/departments'));

  const intake = (categoryCode: string, regionCode: string, title: string, content: string, extra: object = {}) =>
    call('op1', 'post', '/api/cases', {
      channel: 'hotline',
      kind: 'complaint',
      priority: 'normal',
      categoryCode,
      regionCode,
      title,
      content,
      address: '清远市清城区',
      citizen: { name: '市民', phone: '13800138000' },
      ...extra,
    });
  const act = async (username: string, id: string, verb: string, body: object = {}) => call(username, 'post', `/api/cases/${id}/${verb}`, body);

  // Two days ago: urgent cases whose hour-counted deadlines have long passed.
  clock.offsetMs = -2 * 24 * 3_600_000;
  await intake('water.supply', '441803', '清新区某村自来水浑浊发黄', '近一周自来水浑浊发黄，烧开后有沉淀，担心水质安全。', { priority: 'urgent' });
  const pollution = await intake('environment.pollution', '441821', '佛冈县某工厂夜间排放刺鼻气体', '工厂夜里排放刺鼻气体，附近居民开窗就闻到，影响睡眠。', { priority: 'urgent' });
  await act('op1', pollution.id, 'dispatch', { departmentId: departments.sthjj });
  const consumer = await intake('market.consumer', '441802', '预付卡健身房突然关门无法退费', '办了三千元年卡，健身房突然关门，老板联系不上。', { priority: 'urgent', kind: 'report' });
  await act('op1', consumer.id, 'dispatch', { departmentId: departments.scjgj });
  await act('h.scjgj', consumer.id, 'sign');
  await act('lead.scjgj', consumer.id, 'extension', { workingDays: 5, reason: '涉及会员二百余人，需会同公安核查经营者下落，申请延期五个工作日。' });
  clock.offsetMs = 0;

  // Today.
  await intake('labor.wage_arrears', '441881', '英德市某工地拖欠农民工工资', '工地拖欠二十多名工人两个月工资，包工头失联。');
  const policy = await intake('consultation.policy', '441800', '咨询灵活就业人员社保缴费政策', '想了解灵活就业人员如何缴纳养老保险，缴费基数怎么确定。', { kind: 'consultation' });
  const bus = await intake('transport.bus', '441803', '建议延长 12 路公交末班车时间', '清新区到市区的 12 路末班车太早，建议延长到晚上十点。', { kind: 'suggestion' });
  await act('h.jtj', bus.id, 'sign');
  await act('h.jtj', bus.id, 'reply', { content: '已调整 12 路末班车至 21:30，下月起执行。', resolution: 'resolved' });
  await act('op1', bus.id, 'callback', { satisfaction: 'satisfied', resolved: true });
  const noise = await intake('environment.noise', '441802', '夜间施工噪音扰民', '工地每晚十一点后仍在施工，影响居民休息。');
  await act('h.qcq', noise.id, 'sign');
  await act('h.qcq', noise.id, 'reply', { content: '已责令施工单位夜间停工，并安排巡查。', resolution: 'resolved' });
  const stalls = await intake('urban.management', '441802', '人行道长期被摊贩占用', '某路段人行道被摊贩长期占用，行人只能走机动车道。');
  await act('op1', stalls.id, 'dispatch', { departmentId: departments.zjj });
  await act('h.zjj', stalls.id, 'return', { reason: '占道经营属城市管理部门职责，请改派市城管执法局。', suggestedDepartmentId: departments.cgj });
  const disputed = await intake('urban.housing', '441802', '老旧小区加装电梯补贴无人受理', '申请老旧小区加装电梯补贴半年，住建、街道、区政府互相推诿。');
  for (const code of ['zjj', 'qcq', 'cgj']) {
    await act('op1', disputed.id, 'dispatch', { departmentId: departments[code] });
    await act(`h.${code}`, disputed.id, 'return', { reason: '不属于本单位职责范围。' });
  }
  return { policy, consumer, noise, disputed };
}
