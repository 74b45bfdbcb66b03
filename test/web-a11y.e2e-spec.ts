/**
 * Accessibility of both consoles, page by page: axe-core (test/support/axe.ts) on every page of the
 * staff console for every role whose menu shows it — the case page and the wall screen too — and on every
 * step of the citizen's pages (the letter, its receipt, the lookup, a case, the rating form), at desktop
 * size and, for the citizen, on a 390 px phone. No serious or critical violation (contrast, names,
 * labels, ARIA), and a level-one heading on each page. On a database of its own with a shift's cases, so
 * that tags, countdowns and placeholders are all on screen.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import type { Role } from '../src/auth/roles';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { describeViolations, seriousViolations } from './support/axe';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, PHONE, settle, type ConsoleErrors } from './support/browser';
import { seedShift, ShiftedClock, type ShiftCity } from './support/shift-city';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');

jest.setTimeout(300_000);

/** Every page of each role's side menu (web/src/staff/Shell.tsx), by path. */
const MENU_PAGES: Record<Role, string[]> = {
  operator: ['/intake', '/queues/dispatch', '/queues/returned', '/queues/decision', '/queues/callback', '/monitor', '/overdue', '/knowledge'],
  handler: ['/inbox', '/knowledge'],
  dept_lead: ['/inbox', '/figures', '/knowledge', '/templates'],
  supervisor: ['/situation', '/incidents', '/monitor', '/overdue', '/extensions', '/pauses', '/decisions', '/figures', '/knowledge', '/templates', '/callers'],
  admin: [
    '/situation',
    '/monitor',
    '/overdue',
    '/figures',
    '/admin/routing',
    '/admin/calendar',
    '/admin/sla',
    '/admin/departments',
    '/admin/users',
    '/admin/catalog',
    '/admin/audit',
    '/knowledge',
    '/admin/notifications',
    '/admin/open311',
  ],
};

const USERS: Record<Role, string> = { operator: 'op1', handler: 'h.scjgj', dept_lead: 'lead.scjgj', supervisor: 'sup1', admin: 'admin' };

describe('accessibility of every page (axe-core)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  let city: ShiftCity;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];
  const clock = new ShiftedClock();
  /** Every serious or critical violation found, one line per element, by page. */
  const found: string[] = [];
  /** Pages checked, and those without an h1. */
  const checked: string[] = [];
  const noHeading: string[] = [];

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

  /** Waits until the page has its heading and nothing is loading any more. */
  async function loaded(page: Page): Promise<void> {
    await page.locator('h1').first().waitFor({ timeout: 10_000 });
    await page.locator('.ant-spin-spinning, .page-spin, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 15_000 });
    await settle(page);
  }

  async function check(page: Page, where: string): Promise<void> {
    await loaded(page).catch(() => undefined); // a page with no h1 still gets checked, and reported
    checked.push(where);
    if ((await page.locator('h1').count()) === 0) noHeading.push(where);
    found.push(...describeViolations(where, await seriousViolations(page)));
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
  }

  it('the login form', async () => {
    const page = await open('login', '/');
    await check(page, 'login');
    await check(await open('login-phone', '/', PHONE, true), 'login (phone)');
    await page.close();
  });

  it.each(Object.keys(MENU_PAGES) as Role[])('every menu page of the %s, and a case page', async (role) => {
    const page = await open(role, '/');
    await signIn(page, USERS[role]);
    // The menu lists exactly these pages, so none is left out.
    const menu = await page.locator('.shell-sider .ant-menu-item').allTextContents();
    expect(menu).toHaveLength(MENU_PAGES[role].length);
    for (const path of MENU_PAGES[role]) {
      await page.goto(base + path);
      await check(page, `${role} ${path}`);
    }
    const caseId = role === 'operator' ? city.policy.id : role === 'supervisor' || role === 'admin' ? city.disputed.id : city.consumer.id;
    await page.goto(`${base}/cases/${caseId}`);
    await page.locator('.case-title h1').waitFor();
    await check(page, `${role} /cases/:id`);
  });

  it('the supervisor’s wall screen and an incident', async () => {
    const page = await open('wall', '/', { width: 1920, height: 1080 });
    await signIn(page, 'sup1');
    await page.goto(`${base}/situation/wall`);
    await page.locator('[data-testid="situation-map"] svg').waitFor();
    await check(page, 'supervisor /situation/wall');
  });

  it('the citizen’s pages: a letter and its receipt, the lookup, a case, the rating form — phone and desktop', async () => {
    for (const [size, viewport, phone] of [
      ['phone', PHONE, true],
      ['desktop', DESKTOP, false],
    ] as const) {
      const page = await open(`citizen-${size}`, '/citizen#write', viewport, phone);
      await page.getByRole('heading', { name: '给市长写信' }).waitFor();
      await check(page, `citizen letter (${size})`);
      await page.getByRole('textbox', { name: /^手机号码/ }).fill('139 1234 5678');
      await page.getByRole('textbox', { name: /^标题/ }).fill('小区门口路灯不亮');
      await page.getByRole('textbox', { name: /^内容/ }).fill('清城区东林街道某小区门口三盏路灯已经坏了半个月，晚上出行很不安全。');
      await page.getByRole('button', { name: '提交来信' }).click();
      await page.getByTestId('tracking-code').waitFor();
      await check(page, `citizen receipt (${size})`);

      await page.goto('about:blank');
      await page.goto(`${base}/citizen#lookup`);
      await page.getByLabel('受理编号').waitFor();
      await check(page, `citizen lookup (${size})`);
      // The replied case: its steps, the answer and the rating form.
      await page.getByLabel('受理编号').fill(city.noise.trackingCode);
      await page.getByLabel('查询码或手机号后四位').fill(city.noise.queryCode);
      await page.getByRole('button', { name: '查询' }).click();
      await page.locator('form.rating').waitFor();
      await check(page, `citizen case with the rating form (${size})`);
      // A case still in progress.
      await page.goto('about:blank');
      await page.goto(`${base}/citizen#lookup`);
      await page.getByLabel('受理编号').fill(city.consumer.trackingCode);
      await page.getByLabel('查询码或手机号后四位').fill('8000');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByTestId('case-status').waitFor();
      await check(page, `citizen case in progress (${size})`);
    }
  });

  it('found no serious or critical violation, and a level-one heading on every page', async () => {
    // What was found, by rule: how many elements on how many pages (the README's numbers).
    const byRule = new Map<string, { nodes: number; pages: Set<string> }>();
    for (const line of found) {
      const [, where, rule] = /^\[(.+?)\] \w+ (\S+)/.exec(line)!;
      const entry = byRule.get(rule) ?? { nodes: 0, pages: new Set<string>() };
      entry.nodes++;
      entry.pages.add(where);
      byRule.set(rule, entry);
    }
    // eslint-disable-next-line no-console
    console.log(
      `axe: ${checked.length} pages checked, ${found.length} serious or critical findings, ${noHeading.length} without an h1\n` +
        [...byRule].map(([rule, e]) => `  ${rule}: ${e.nodes} elements on ${e.pages.size} pages`).join('\n') +
        `\n${found.slice(0, 400).join('\n')}`,
    );
    expect(checked.length).toBeGreaterThanOrEqual(45);
    expect(noHeading).toEqual([]);
    expect(found).toEqual([]);
    expect(errors.list).toEqual([]);
    expect(await csp.problems()).toEqual([]);
  });
});
