/**
 * Never a blank screen on shift. In Chromium: a page whose code cannot be fetched (its chunk's request
 * aborted, as in a network blip) shows a panel with 重试 instead of a white screen; once the network lets
 * it through, the page comes back without a reload — by 重试, and by itself when the live connection
 * returns. A live connection cut while it moves onto its websocket says offline at once, as any other cut.
 * A list whose request failed (the wall screen after a search) says so with 重试, and recovers.
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Route, WebSocketRoute } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { asUser, caseBody, login } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { CspGuard, launchChromium, newContext } from './support/browser';
import { listen } from './support/live-client';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');

jest.setTimeout(120_000);

describe('the console never renders blank', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\``);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    base = await listen(t);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  afterAll(async () => {
    // No page broke the Content Security Policy, panels and retries included.
    expect(await csp.problems()).toEqual([]);
  });

  /** A supervisor's console and the websockets of its live connection, each routed through the test. */
  interface LivePage {
    page: Page;
    /** Every websocket the page opened to socket.io, in order. */
    sockets: WebSocketRoute[];
    /**
     * How many websockets the connection moved onto: the page sent engine.io's upgrade packet (`5`) on
     * them. Until then the connection runs on long-polling, and the websocket is only being probed.
     */
    upgraded(): number;
    /**
     * Hands the page's next upgrade probe (`2probe`) to `handler` instead of the server; resolves when
     * the handler is done.
     */
    interceptNextProbe(handler: (ws: WebSocketRoute) => Promise<void>): Promise<void>;
  }

  /**
   * A supervisor's console whose live socket the test can cut. Not watched for console errors: requests
   * fail here on purpose, and Chromium reports each.
   */
  async function supervisorPage(name: string): Promise<LivePage> {
    const context = await newContext(browser, csp, name);
    contexts.push(context);
    const page = await context.newPage();
    const sockets: WebSocketRoute[] = [];
    let upgraded = 0;
    let onProbe: ((ws: WebSocketRoute) => void) | undefined;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      sockets.push(ws);
      const server = ws.connectToServer();
      // What the page sends goes on to the server (the server's messages reach the page by themselves).
      ws.onMessage((message) => {
        if (message === '2probe' && onProbe) {
          const handler = onProbe;
          onProbe = undefined;
          handler(ws);
          return;
        }
        if (message === '5') upgraded++;
        server.send(message);
      });
    });
    return {
      page,
      sockets,
      upgraded: () => upgraded,
      interceptNextProbe: (handler) =>
        new Promise((resolve, reject) => {
          onProbe = (ws) => handler(ws).then(resolve, reject);
        }),
    };
  }

  async function signIn(page: Page): Promise<void> {
    await page.goto(base + '/');
    await page.getByLabel('用户名').fill('sup1');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.live-state[data-live="live"]').waitFor();
    // Set once: still there at the end only if the page was never reloaded.
    await page.evaluate('window.sameDocument = true');
  }
  const neverReloaded = (page: Page) => page.evaluate<boolean>('window.sameDocument === true');

  /** Aborts every request for one page's chunk (`/assets/<Name>-<hash>.js`) until `let()` is called. */
  async function blockChunk(page: Page, name: string): Promise<{ attempts: () => number; let: () => Promise<void> }> {
    let attempts = 0;
    const pattern = new RegExp(`/assets/${name}-[^/]+\\.js$`);
    const abort = (route: Route) => {
      attempts++;
      return route.abort('internetdisconnected');
    };
    await page.route(pattern, abort);
    return { attempts: () => attempts, let: () => page.unroute(pattern, abort) };
  }

  const panel = (page: Page) => page.getByTestId('load-failed');

  async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a page whose code failed to load shows 重试, and 重试 brings it once the network is back', async () => {
    const { page } = await supervisorPage('never-blank-retry');
    // Blocked from the start: the background preload after login fails too (silently).
    const chunk = await blockChunk(page, 'OverduePage');
    await signIn(page);
    await page.getByRole('menuitem', { name: '超时看板' }).click();
    await panel(page).waitFor();
    await expect(panel(page).innerText()).resolves.toMatch(/页面没有加载出来/);
    await expect(panel(page).innerText()).resolves.toMatch(/页面程序下载失败/);
    // The rest of the console is still there: menu, header, live state.
    await page.locator('.shell-header').waitFor();
    await page.getByRole('menuitem', { name: '全市实时工单' }).waitFor();
    expect(chunk.attempts()).toBeGreaterThan(0);

    // Still down: 重试 asks the network again (a real second request), and says so again.
    const before = chunk.attempts();
    await panel(page).getByRole('button', { name: /重\s*试/ }).click();
    await until(() => chunk.attempts() > before);
    await panel(page).waitFor();

    // The network is back: 重试, and the page is there — no F5.
    await chunk.let();
    await panel(page).getByRole('button', { name: /重\s*试/ }).click();
    await page.getByRole('heading', { name: '超时看板' }).waitFor();
    await expect(panel(page).count()).resolves.toBe(0);
    await expect(neverReloaded(page)).resolves.toBe(true);
  });

  it('a page whose code failed to load comes back by itself when the live connection returns', async () => {
    const { page, sockets, upgraded } = await supervisorPage('never-blank-live');
    const chunk = await blockChunk(page, 'FiguresPage');
    await signIn(page);

    // The network goes: the socket closes and cannot reconnect; the page's code cannot be fetched.
    const cut = (route: Route) => route.abort('internetdisconnected');
    await page.route('**/socket.io/**', cut);
    await until(() => upgraded() > 0); // on its websocket: the one to close
    for (const ws of [...sockets]) await ws.close();
    await page.locator('.live-state[data-live="offline"]').waitFor({ timeout: 10_000 });
    await page.getByRole('menuitem', { name: '考核统计' }).click();
    await panel(page).waitFor();

    // The network is back. Nobody clicks anything: the live connection returns, and with it the page.
    await chunk.let();
    await page.unroute('**/socket.io/**', cut);
    await page.locator('.live-state[data-live="live"]').waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: '考核统计' }).waitFor({ timeout: 10_000 });
    await expect(panel(page).count()).resolves.toBe(0);
    await expect(neverReloaded(page)).resolves.toBe(true);
  });

  it('a live connection cut while it moves onto its websocket says offline at once, and comes back', async () => {
    const { page, sockets, upgraded, interceptNextProbe } = await supervisorPage('never-blank-upgrade');
    await signIn(page);
    await until(() => upgraded() > 0);

    // A blip: the websocket closes, and socket.io reconnects — on long-polling first, then probing a new
    // websocket. The probe is answered, and then the network goes: that websocket closes, and nothing else
    // gets through. (engine.io-client has paused its polling for the move by then, and would say nothing
    // until the ping timeout, 45 s or more.)
    const cut = (route: Route) => route.abort('internetdisconnected');
    const probed = interceptNextProbe(async (ws) => {
      await page.locator('.live-state[data-live="live"]').waitFor();
      await page.route('**/socket.io/**', cut);
      ws.send('3probe');
      await ws.close();
    });
    for (const ws of [...sockets]) await ws.close();
    await probed;
    await page.locator('.live-state[data-live="offline"]').waitFor({ timeout: 10_000 });

    // The network is back: live again, on a websocket, without a reload.
    const before = upgraded();
    await page.unroute('**/socket.io/**', cut);
    await page.locator('.live-state[data-live="live"]').waitFor({ timeout: 20_000 });
    await until(() => upgraded() > before);
    await expect(neverReloaded(page)).resolves.toBe(true);
  });

  it('a list whose request failed says so with 重试, and shows the cases once it can', async () => {
    const operator = asUser(t, await login(t, 'op1', DEMO_PASSWORD));
    const created = (await operator.post('/api/cases', caseBody({ title: '断网时搜索的工单：路灯不亮' })).expect(201)).body as { trackingCode: string };
    const { page } = await supervisorPage('never-blank-list');
    await signIn(page);
    await page.getByRole('heading', { name: '全市实时工单' }).waitFor();

    // The search goes out while the network is down.
    const searches = (route: Route) => route.abort('internetdisconnected');
    const isSearch = (url: URL) => url.pathname === '/api/cases' && url.searchParams.get('q') === created.trackingCode && !url.searchParams.has('id');
    await page.route(isSearch, searches);
    await page.getByPlaceholder('受理编号 / 标题 / 地址').fill(created.trackingCode);
    await page.getByPlaceholder('受理编号 / 标题 / 地址').press('Enter');
    await panel(page).waitFor();
    await expect(panel(page).innerText()).resolves.toMatch(/列表没有加载出来/);

    await page.unroute(isSearch, searches);
    await panel(page).getByRole('button', { name: /重\s*试/ }).click();
    await page.locator('tr.ant-table-row', { hasText: created.trackingCode }).waitFor();
    await expect(panel(page).count()).resolves.toBe(0);
    await expect(neverReloaded(page)).resolves.toBe(true);
  });

  it("a page's own data that failed (the overdue board's counts) says so with 重试, and comes back on 重试", async () => {
    const { page } = await supervisorPage('never-blank-board');
    await signIn(page);
    const board = (route: Route) => route.abort('internetdisconnected');
    const isBoard = (url: URL) => url.pathname === '/api/supervision/overdue';
    await page.route(isBoard, board);
    await page.getByRole('menuitem', { name: /超时看板/ }).click();
    await panel(page).waitFor();
    await expect(panel(page).innerText()).resolves.toMatch(/超时统计没有加载出来/);

    await page.unroute(isBoard, board);
    await panel(page).getByRole('button', { name: /重\s*试/ }).click();
    await panel(page).waitFor({ state: 'detached' });
    await page.getByTestId('overdue-total').waitFor();
    await expect(neverReloaded(page)).resolves.toBe(true);
  });
});
