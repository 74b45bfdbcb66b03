/**
 * The supervisor's picture in a real browser: 全市态势 and its wall-screen mode draw the map of 清远's
 * counties (bundled boundaries, no network), and a case logged meanwhile moves the numbers without a
 * reload; an active hotspot becomes an incident in one click. Photographed at desktop size (1440×900)
 * and wall size (1920×1080) into web/screenshots/; no console error, no CSP violation.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { asUser, caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, settle, type ConsoleErrors } from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');
const WALL = { width: 1920, height: 1080 };

jest.setTimeout(90_000);

describe('全市态势 (the city on one screen) in a browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  let operator: ReturnType<typeof asUser>;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    errors = consoleErrors();
    operator = asUser(t, await login(t, 'op1', DEMO_PASSWORD));
    // The same weekday's history, then today: calls across the counties, and a burst of water-supply
    // calls in 清城区 (a hotspot over a quiet history).
    await t.dataSource.query(
      `INSERT INTO cases (tracking_code, query_code, channel, kind, category_code, region_code, title, content, status,
                          stage_started_at, created_at, updated_at, closed_at, close_reason)
       SELECT 'W' || translate(lpad(w::text, 2, '0') || lpad(k::text, 2, '0'), '0123456789', 'ABCDEFGHJK') || 'HSTRY', '000000', 'hotline', 'complaint',
              'urban.management', (ARRAY['441802','441803','441881','441882','441823'])[1 + k % 5], '往日来电', '往日来电', 'closed',
              at, at, at, at + interval '10 minutes', 'answered'
         FROM generate_series(1, 4) w, generate_series(1, 12) k,
              LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
                              - w * interval '7 days' + (8 + k) * interval '1 hour' AS at) x`,
    );
    for (const [regionCode, n] of [['441881', 3], ['441803', 2], ['441882', 1]] as const) {
      for (let i = 0; i < n; i++) await operator.post('/api/cases', caseBody({ categoryCode: 'urban.management', regionCode })).expect(201);
    }
    for (let i = 0; i < 6; i++) await operator.post('/api/cases', caseBody({ title: `片区停水 ${i + 1}`, address: `凤城街道某小区 ${i + 1} 栋` })).expect(201);
    await operator.post('/api/cases', caseBody({ channel: 'mailbox', categoryCode: 'transport.bus', regionCode: '441821' })).expect(201);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  const kpi = async (name: string) => Number((await page.locator(`[data-testid="kpi-${name}"] .kpi-value`).innerText()).replace(/,/g, ''));
  /** Waits, without touching the page, for today's intake to read `n`. */
  const todayIs = (n: number) =>
    page.locator('[data-testid="kpi-today"] .kpi-value', { hasText: new RegExp(`^${n}$`) }).waitFor({ timeout: 10_000 });
  /** The map is drawn: one SVG path per county at least, labelled with its name. */
  async function mapDrawn(): Promise<void> {
    const map = page.locator('[data-testid="situation-map"]');
    await map.locator('svg').waitFor();
    await page.locator('[data-testid="situation-map"] svg path').nth(7).waitFor();
    for (const county of ['清城', '英德', '连州', '佛冈']) await map.locator('text', { hasText: county }).first().waitFor();
  }

  it('draws the dashboard with the map, and a new case moves the numbers without a reload', async () => {
    const context = await newContext(browser, csp, 'situation', DESKTOP);
    contexts.push(context);
    page = await context.newPage();
    errors.watch(page, 'situation');
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill('sup1');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.live-state[data-live="live"]').waitFor();
    await page.evaluate('window.sameDocument = true');
    await page.getByRole('menuitem', { name: '全市态势' }).click();
    await mapDrawn();
    expect(await kpi('today')).toBe(13);
    await page.locator('[data-testid="hotspots"]', { hasText: '清城区 · 供水' }).waitFor();
    expect(await kpi('hotspots')).toBe(1);

    await operator.post('/api/cases', caseBody({ categoryCode: 'urban.management', regionCode: '441881' })).expect(201);
    await todayIs(14);
    await page.locator('[data-testid="situation-map"] text', { hasText: /^4$/ }).first().waitFor();
    expect(await page.evaluate('window.sameDocument === true')).toBe(true);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, '21-supervisor-situation-desktop.png'), fullPage: true, animations: 'disabled' });
  });

  it('goes to the wall screen (1920×1080, dark, large type), which follows live too', async () => {
    await page.setViewportSize(WALL);
    await page.getByRole('button', { name: '大屏模式' }).click();
    await page.waitForURL(/\/situation\/wall$/);
    await page.locator('[data-testid="wall"]').waitFor();
    await mapDrawn();
    expect(await page.locator('.shell-header').count()).toBe(0);
    const background = await page.locator('[data-testid="wall"]').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundImage: string } }).getComputedStyle(el).backgroundImage);
    expect(background).toMatch(/gradient/);
    expect(Number.parseFloat(await page.locator('[data-testid="kpi-today"] .kpi-value').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48);

    const before = await kpi('today');
    await operator.post('/api/cases', caseBody({ categoryCode: 'urban.management', regionCode: '441882', channel: 'mailbox' })).expect(201);
    await todayIs(before + 1);
    expect(await page.evaluate('window.sameDocument === true')).toBe(true);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, '22-supervisor-situation-wall.png'), animations: 'disabled' });
    await page.getByRole('button', { name: '退出大屏' }).click();
    await page.waitForURL(/\/situation$/);
  });

  it('turns the hotspot into an incident: its page shows the cases, the timeline and the clock', async () => {
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: '立为事件' }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]+$/);
    await page.locator('[data-testid="incident-clock"]', { hasText: '事件已持续' }).waitFor();
    await page.locator('[data-testid="incident-cases"] tr.ant-table-row').nth(5).waitFor();
    expect(await page.locator('[data-testid="incident-cases"] tr.ant-table-row').count()).toBe(6);
    expect(await page.locator('[data-testid="incident-cases"]').getByText('主工单').count()).toBe(1);
    expect(await page.locator('[data-testid="incident-cases"]').getByText('已并入').count()).toBe(5);
    await page.locator('.ant-timeline', { hasText: '合并' }).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, '23-supervisor-incident-desktop.png'), fullPage: true, animations: 'disabled' });
  });

  it('logged no console error and broke no Content Security Policy', async () => {
    expect(errors.list).toEqual([]);
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
