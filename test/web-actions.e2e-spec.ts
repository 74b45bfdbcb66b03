/**
 * The console offers a button for a case action exactly when the server lists its verb in the case's
 * `allowedActions` — checked in a real browser on cases where the console's old copy of the rules
 * (web/src/staff/permissions.ts, now gone) and the server disagreed: a department past its two-working-day
 * return window, a case whose two extensions are used up, an unclassified letter, a case returned three
 * times. Each page's buttons are compared with what the API says to the same user about the same case.
 *
 * It serves the build in web/dist (`npm test` builds it first, in `pretest`).
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { asUser, caseBody, createDepartment, createUser, login, TEST_PASSWORD } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { chooseItem, consoleErrors, CspGuard, launchChromium, markers, newContext, pickPath, type ConsoleErrors } from './support/browser';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');

/** The verbs the console has a button for (a verb the server adds later shows nothing until it has one). */
const CONSOLE_VERBS = new Set([
  'update',
  'dispatch',
  'sign',
  'return',
  'assign',
  'notes',
  'reply',
  'callback',
  'close',
  'extension',
  'extension/decision',
  'supervise',
  'decide-owner',
  'reject-return',
  'pause',
  'pause/decision',
  'resume',
  'attachments',
]);

jest.setTimeout(60_000);

describe('the console’s buttons are the server’s allowedActions', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const contexts: BrowserContext[] = [];

  // Signed-in pages and API tokens of the same users.
  const pages: Record<string, Page> = {};
  const tokens: Record<string, string> = {};
  let owner: { id: string };
  let unit: { id: string; name: string };

  const as = (who: string) => asUser(t, tokens[who]);
  const ok = async (res: Promise<{ status: number; body: unknown }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`setup step answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; trackingCode: string; allowedActions: string[] };
  };

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\` (\`npm test\` does it first)`);
    }
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    t = await startApp({ webDir: WEB_DIR });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    errors = consoleErrors();

    // A department of this spec's own, with one child unit, its handler and its lead.
    owner = await createDepartment(t.dataSource);
    unit = (await createDepartment(t.dataSource, { parentId: owner.id })) as { id: string; name: string };
    const handler = await createUser(t.dataSource, 'handler', { departmentId: owner.id });
    const lead = await createUser(t.dataSource, 'dept_lead', { departmentId: owner.id });
    const users: Record<string, [string, string]> = {
      operator: ['op1', DEMO_PASSWORD],
      supervisor: ['sup1', DEMO_PASSWORD],
      handler: [handler.username, TEST_PASSWORD],
      lead: [lead.username, TEST_PASSWORD],
    };
    await Promise.all(
      Object.entries(users).map(async ([who, [username, password]]) => {
        tokens[who] = await login(t, username, password);
        pages[who] = await signIn(who, username, password);
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
  });

  async function signIn(name: string, username: string, password: string): Promise<Page> {
    const context = await newContext(browser, csp, name);
    contexts.push(context);
    const page = await context.newPage();
    errors.watch(page, name);
    await page.goto(base + '/');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
    return page;
  }

  /** The verbs of the buttons on the case's page, as `who` sees it. */
  async function buttonsOnPage(who: string, id: string): Promise<string[]> {
    const page = pages[who];
    await page.goto(`${base}/cases/${id}`);
    await page.locator('.case-page .case-timeline').waitFor();
    // A verb may have two buttons (更正分类 and 分类并派单 are both the `update` the server lists).
    return [...new Set(await page.locator('.case-actions [data-verb]').evaluateAll((els) => els.map((e) => e.getAttribute('data-verb')!)))];
  }

  /** Asserts the page shows exactly the verbs the API lists for that user; returns them. */
  async function expectSameAsServer(who: string, id: string): Promise<string[]> {
    const shown = await buttonsOnPage(who, id);
    const listed = ((await as(who).get(`/api/cases/${id}`)).body.allowedActions as string[]).filter((v) => CONSOLE_VERBS.has(v));
    expect({ who, shown: [...shown].sort() }).toEqual({ who, shown: [...listed].sort() });
    return shown;
  }

  async function dispatched() {
    const c = await ok(as('operator').post('/api/cases', caseBody()));
    await ok(as('operator').post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }));
    return c;
  }
  async function inProgress() {
    const c = await dispatched();
    await ok(as('handler').post(`/api/cases/${c.id}/sign`));
    return c;
  }

  it('a department past its return window is not offered 退单', async () => {
    const c = await dispatched();
    await t.dataSource.query(`UPDATE cases SET dispatched_at = dispatched_at - interval '7 days' WHERE id = $1`, [c.id]);
    for (const who of ['handler', 'lead']) {
      const shown = await expectSameAsServer(who, c.id);
      // permissions.ts offered 退单 on every dispatched case the department owned.
      expect(shown).toContain('sign');
      expect(shown).not.toContain('return');
      expect(await pages[who].locator('.case-actions').getByRole('button', { name: '退单' }).count()).toBe(0);
    }
  });

  it('within the window it is', async () => {
    const c = await dispatched();
    for (const who of ['handler', 'lead']) expect(await expectSameAsServer(who, c.id)).toContain('return');
  });

  it('a case whose two extensions were granted is not offered 申请延期', async () => {
    const c = await inProgress();
    for (let i = 0; i < 2; i++) {
      await ok(as('lead').post(`/api/cases/${c.id}/extension`, { workingDays: 1, reason: '需现场勘查' }));
      await ok(as('supervisor').post(`/api/cases/${c.id}/extension/decision`, { approve: true }));
    }
    // permissions.ts offered it whenever no request was pending.
    const shown = await expectSameAsServer('lead', c.id);
    expect(shown).toEqual(expect.arrayContaining(['reply', 'assign', 'notes']));
    expect(shown).not.toContain('extension');
    expect(await pages.lead.locator('.case-actions').getByRole('button', { name: '申请延期' }).count()).toBe(0);
  });

  it('a lead’s dispatch is a sub-dispatch to its own units, offered while it has some', async () => {
    const c = await inProgress();
    const shown = await expectSameAsServer('lead', c.id);
    expect(shown).toEqual(expect.arrayContaining(['reply', 'dispatch', 'assign', 'extension', 'return', 'notes']));
    const page = pages.lead;
    await page.locator('.case-actions [data-verb="dispatch"]').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '下级单位' });
    await dialog.getByText('下派至下级单位').waitFor();
    // Its opinion is internal, and it has no word for the citizen: the server does not show them one.
    await expect(markers(dialog)).resolves.toEqual({ 下级单位: null, 下派意见: 'internal' });
    // The picker offers the lead's own child unit, and nothing else.
    await dialog.getByLabel('下级单位').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-tree-title');
    await options.first().waitFor();
    await expect(options.allTextContents()).resolves.toEqual([unit.name]);
    await chooseItem(options.first());
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.locator('.case-page .ant-tag', { hasText: '待签收' }).first().waitFor();
    // Now the unit holds it: the lead's department may still note it, and the buttons follow the server.
    await expectSameAsServer('lead', c.id);
  });

  it('an unclassified letter is not offered 派单 until the operator classifies it', async () => {
    const letter = await t.http().post('/api/public/letters').send({ title: '小区门口路灯不亮', content: '路灯坏了半个月。', phone: '13912345678' }).expect(201);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM cases WHERE tracking_code = $1`, [letter.body.trackingCode]);
    // permissions.ts offered 派单 on every received case; the server answers 409 CLASSIFY_FIRST. The
    // console offers the `update` the server lists, twice: 更正分类, and 分类并派单 (which dispatches only
    // once the server lists `dispatch` for the classified case; test/web-keyboard.e2e-spec.ts).
    const shown = await expectSameAsServer('operator', id);
    expect(shown).toContain('update');
    expect(shown).not.toContain('dispatch');
    await pages.operator.locator('.case-actions [data-action="classifyDispatch"][data-verb="update"]').waitFor();

    const page = pages.operator;
    await page.locator('.case-actions [data-action="reclassify"]').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '更正分类与内容' });
    await dialog.getByLabel('事项分类').waitFor();
    await expect(markers(dialog)).resolves.toMatchObject({ 标题: 'citizen', 地址: null });
    // The dialog puts the cursor in its first field.
    await dialog.locator('.ant-form-item', { has: page.locator('label', { hasText: /^诉求类型$/ }) }).locator(':focus').waitFor({ timeout: 5_000 });
    await pickPath(page, dialog.getByLabel('事项分类'), '供水', '水务 / 供水');
    await pickPath(page, dialog.getByLabel('所属区划'), '清城', '清远市 / 清城区');
    await dialog.getByLabel('标题').press('Control+Enter');
    // The answer lists dispatch now, and the button appears.
    await page.locator('.case-actions [data-verb="dispatch"]').waitFor();
    await expectSameAsServer('operator', id);
  });

  it('a case returned three times is the supervisor’s to decide, not the operator’s to dispatch', async () => {
    const c = await dispatched();
    for (let i = 0; i < 3; i++) {
      if (i > 0) await ok(as('operator').post(`/api/cases/${c.id}/dispatch`, { departmentId: owner.id }));
      await ok(as('handler').post(`/api/cases/${c.id}/return`, { reason: '不属于本单位职责' }));
    }
    expect(await expectSameAsServer('operator', c.id)).not.toContain('dispatch');
    expect(await expectSameAsServer('supervisor', c.id)).toContain('decide-owner');
  });

  it('no page logged an error to the browser console', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page broke the Content Security Policy, nor was served without one', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
