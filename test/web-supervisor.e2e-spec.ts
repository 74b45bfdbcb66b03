/**
 * The supervisor's numbers in a real browser, on a database of its own with a shift's cases: the overdue
 * board's 共 N 件 follows `/live` (a case that turns up overdue, or stops being overdue, moves it without
 * a reload); 时限 is never under the pinned 操作 column (1440 px and a 390 px phone: the two cells' boxes
 * never overlap); the extension dialog shows the reply deadline an approval sets — the server's own
 * count of working days, and the one the approval then writes; the figures page says 样本不足 for a rate
 * on too few cases. Screens photographed into web/screenshots/ (16, 17, 19). No console error, no CSP
 * violation, no serious axe finding on the pages and the dialog.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { expectAccessible } from './support/axe';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, PHONE, screenshotBoth, settle, type ConsoleErrors } from './support/browser';
import { demoClient, seedShift, ShiftedClock, type ShiftCity } from './support/shift-city';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');
/** An instant as the console writes it (formatTime): `YYYY-MM-DD HH:mm` in Asia/Shanghai (UTC+8, no summer time). */
const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

jest.setTimeout(180_000);

describe('the supervisor’s numbers, columns and extension dialog in a browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  let city: ShiftCity;
  let api: ReturnType<typeof demoClient>;
  let page: Page;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  const clock = new ShiftedClock();

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, clock, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    errors = consoleErrors();
    city = await seedShift(t, clock);
    api = demoClient(t);
    const context = await newContext(browser, csp, 'supervisor');
    contexts.push(context);
    page = await context.newPage();
    errors.watch(page, 'supervisor');
    await page.goto(base + '/');
    await page.getByLabel('用户名').fill('sup1');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.live-state[data-live="live"]').waitFor();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  const total = () => page.getByTestId('overdue-total');
  const totalIs = (n: number) => page.locator('[data-testid="overdue-total"]', { hasText: new RegExp(`^${n}$`) }).waitFor({ timeout: 10_000 });
  const row = (code: string): Locator => page.locator('tr.ant-table-row', { hasText: code });

  it('the overdue board’s 共 N 件 follows /live: up when an overdue case turns up, down when it is dispatched', async () => {
    await page.getByRole('menuitem', { name: '超时看板' }).click();
    await row(city.consumer.trackingCode).waitFor();
    const before = Number(await total().innerText());
    // What the server counts: the seeded urgent cases of two days ago.
    const board = (await api.call('sup1', 'get', '/api/supervision/overdue')) as { overdue: number }[];
    expect(before).toBe(board.reduce((n, o) => n + o.overdue, 0));
    expect(before).toBeGreaterThanOrEqual(2);
    await page.evaluate('window.sameDocument = true');

    // A call logged "two hours ago" as an emergency: its 10-minute dispatch deadline long gone.
    clock.offsetMs = -2 * 3_600_000;
    const late = await api.call('op1', 'post', '/api/cases', {
      channel: 'hotline',
      kind: 'request',
      priority: 'emergency',
      categoryCode: 'water.supply',
      regionCode: '441802',
      title: '主干管爆裂，整条街停水',
      content: '凌晨起主干管爆裂，整条街停水，路面积水。',
      citizen: { phone: '13700137000' },
    });
    clock.offsetMs = 0;
    await row(late.trackingCode).waitFor({ timeout: 10_000 });
    await totalIs(before + 1);
    // Dispatched: a new sign-for deadline, no longer overdue; the count falls back without a reload.
    await api.call('op1', 'post', `/api/cases/${late.id}/dispatch`, { departmentId: city.departments.swj });
    await totalIs(before);
    await row(late.trackingCode).waitFor({ state: 'detached', timeout: 10_000 });
    await expect(page.evaluate('window.sameDocument === true')).resolves.toBe(true);
    await settle(page);
    await expectAccessible(page, 'supervisor /overdue');
    await screenshotBoth(page, SHOTS, '16-supervisor-overdue');
  });

  /** Every row's 时限 cell is clear of its 操作 cell, and inside the table's visible width. */
  async function deadlineClear(where: string, mustBeVisible: boolean): Promise<number> {
    // The case queue's rows (not the overdue board's owners beside it).
    const rows = await page.locator('tr.ant-table-row:has(td.col-deadline)').all();
    for (const r of rows) {
      const deadline = (await r.locator('td.col-deadline').boundingBox())!;
      const actions = (await r.locator('td.col-actions').boundingBox())!;
      const table = (await r.locator('xpath=ancestor::div[contains(@class,"ant-table-body") or contains(@class,"ant-table-content")][1]').boundingBox())!;
      const overlap = Math.min(deadline.x + deadline.width, actions.x + actions.width) - Math.max(deadline.x, actions.x);
      expect([where, 'overlap', overlap <= 0.5]).toEqual([where, 'overlap', true]);
      if (mustBeVisible) {
        expect([where, 'visible', deadline.x >= table.x - 0.5 && deadline.x + deadline.width <= table.x + table.width + 0.5]).toEqual([where, 'visible', true]);
        await expect(r.locator('td.col-deadline .countdown').isVisible()).resolves.toBe(true);
      }
    }
    return rows.length;
  }

  it('时限 is never under the pinned 操作 column, at 1440 px and on a phone', async () => {
    for (const path of ['/overdue', '/extensions', '/pauses', '/decisions']) {
      await page.setViewportSize(DESKTOP);
      await page.goto(base + path);
      await page.locator('tr.ant-table-row td.col-deadline').first().waitFor();
      await settle(page);
      expect(await deadlineClear(`${path} 1440`, true)).toBeGreaterThan(0);
      await page.setViewportSize(PHONE);
      await settle(page);
      expect(await deadlineClear(`${path} 390`, false)).toBeGreaterThan(0);
    }
    await page.setViewportSize(DESKTOP);
  });

  it('the extension dialog shows the reply deadline an approval sets, as the server counts it, and the approval writes it', async () => {
    await page.goto(base + '/extensions');
    const before = await api.call('sup1', 'get', `/api/cases/${city.consumer.id}`);
    expect(before.pendingExtension.replyDeadlines).toHaveLength(5);
    await row(city.consumer.trackingCode).locator('[data-action="decideExtension"]').click();
    const dialog = page.locator('.ant-modal');
    const shown = dialog.getByTestId('extension-new-deadline');
    await shown.getByText(local(before.pendingExtension.replyDeadlines[4]), { exact: false }).waitFor();
    await expect(shown.innerText()).resolves.toContain('顺延 5 个工作日');
    await settle(page);
    await expectAccessible(page, 'supervisor extension dialog');
    await screenshotBoth(page, SHOTS, '17-supervisor-extension-dialog', { fullPage: false });
    // Fewer days: the date follows.
    await dialog.getByLabel(/批准天数/).fill('3');
    await shown.getByText(local(before.pendingExtension.replyDeadlines[2]), { exact: false }).waitFor();
    await dialog.locator('.ant-radio-button-wrapper', { hasText: /^不批准$/ }).click();
    await shown.getByText('不批准：时限不变').waitFor();
    await dialog.locator('.ant-radio-button-wrapper', { hasText: /^批准$/ }).click();
    await dialog.getByLabel(/批准天数/).fill('3');
    const promised = (await shown.innerText()).slice(0, 16);
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已审批').waitFor();
    const after = await api.call('sup1', 'get', `/api/cases/${city.consumer.id}`);
    expect(local(after.replyDeadline)).toBe(promised);
    expect(after.replyDeadline).toBe(before.pendingExtension.replyDeadlines[2]);
  });

  it('the figures page says 样本不足 for a rate on too few cases, with n on hover, and no score from it', async () => {
    await page.goto(base + '/figures');
    const jtj = page.locator('tr.ant-table-row', { hasText: '市交通运输局' });
    await jtj.waitFor();
    // 市交通运输局 signed, replied and was called back once: every rate rests on one case.
    const thin = jtj.locator('.thin-sample');
    await expect(thin.count()).resolves.toBeGreaterThanOrEqual(4);
    await thin.first().hover();
    await page.locator('.ant-tooltip', { hasText: /仅 1 件.*少于 5 件不计入综合得分/ }).waitFor();
    await settle(page);
    await expectAccessible(page, 'supervisor /figures');
    await screenshotBoth(page, SHOTS, '19-supervisor-figures');
  });

  it('logged no console error and broke no Content Security Policy', async () => {
    expect(errors.list).toEqual([]);
    expect(await csp.problems()).toEqual([]);
  });
});
