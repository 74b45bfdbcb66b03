/**
 * Reaching the citizen, in a real browser (headless Chromium, playwright-core), on a database of its own
 * with a real SMTP server on the loopback: a citizen writes a letter with two photos (one carrying the
 * phone's GPS position) and an e-mail address and receives the receipt by e-mail; the owning department
 * sees the photos — stripped of GPS — and another department cannot fetch them; the department replies
 * with a PDF, which reaches the citizen's page with the answer, and the citizen receives the "replied"
 * e-mail with the rating link. Admins see the outbox masked, and register an Open311 client. Screens go
 * to web/screenshots/ (20-…); no page may log a console error (the CSP included).
 */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { hasGps, pdf, photoWithGps, png } from './support/files';
import { mailText, TestSmtpServer } from './support/smtp';
import { consoleErrors, CspGuard, DESKTOP, launchChromium, newContext, PHONE, screenshotBoth, settle, type ConsoleErrors } from './support/browser';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { startApp, type TestApp } from './setup/test-app';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const SHOTS = resolve(__dirname, '..', 'web', 'screenshots');
const PHONE_NUMBER = '13760004455';
const EMAIL = 'chen.jie@example.com';

jest.setTimeout(90_000);

/** What the spec reads of an <img> in the page. */
type Img = { naturalWidth: number; src: string };

describe('reaching the citizen, in a browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let errors: ConsoleErrors;
  const csp = new CspGuard();
  const smtp = new TestSmtpServer();
  const contexts: BrowserContext[] = [];
  let citizen: Page;
  let trackingCode = '';
  let queryCode = '';
  let caseId = '';

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'citizen', 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: run \`npm run build:web\``);
    Logger.overrideLogger(['error', 'warn']);
    browser = await launchChromium();
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    const smtpUrl = await smtp.start();
    t = await startApp({ webDir: WEB_DIR, smtpUrl, notifyIntervalSeconds: 1, publicUrl: 'https://12345.qingyuan.example' }, undefined, undefined, { databaseUrl: db.url });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The other department's 404 for the case is the point of that step, not a fault of the page.
    errors = consoleErrors((m) => m.text().includes('status of 404') && m.location().url.endsWith(`/api/cases/${caseId}`));
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await smtp.stop();
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

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.shell-header').waitFor();
  }

  const token = async (username: string) => (await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;

  it('a letter with two photos and an e-mail address: the receipt arrives by e-mail', async () => {
    citizen = await open('citizen', '/citizen#write', PHONE, true);
    await citizen.getByLabel('手机号码').fill(PHONE_NUMBER);
    await citizen.getByLabel('姓名', { exact: true }).fill('陈先生');
    await citizen.getByLabel('电子邮箱').fill(EMAIL);
    await citizen.getByLabel(/^标题/).fill('小区门口人行道塌陷');
    await citizen.getByLabel(/^内容/).fill('凤城街道某小区门口人行道塌陷约一平方米，已有老人绊倒，请尽快修复。照片附后。');
    await citizen.getByLabel('事发地址').fill('清城区凤城街道某小区东门');
    await citizen.getByTestId('letter-files').setInputFiles([
      { name: '塌陷全景.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps('#8a6d3b', 1200, 900) },
      { name: '近景.png', mimeType: 'image/png', buffer: await png('#6b8e23', 800, 600) },
    ]);
    await citizen.getByTestId('picked-files').locator('img').nth(1).waitFor();
    await settle(citizen);
    await citizen.screenshot({ path: join(SHOTS, '20-citizen-letter-photos-phone.png'), fullPage: true });
    await citizen.getByRole('button', { name: '提交来信' }).click();
    const receipt = citizen.locator('.receipt');
    await receipt.waitFor();
    [{ id: caseId, tracking_code: trackingCode, query_code: queryCode }] = await t.dataSource.query(
      `SELECT id, tracking_code, query_code FROM cases WHERE citizen_email = $1 ORDER BY created_at DESC LIMIT 1`,
      [EMAIL],
    );
    await receipt.getByText(trackingCode).waitFor();

    const mail = await smtp.waitFor(EMAIL, (m) => mailText(m.raw).includes(trackingCode));
    const text = mailText(mail.raw);
    expect(text).toContain(`受理编号${trackingCode}`);
    expect(text).toContain(`查询码${queryCode}`);
  });

  it('the owning department sees the photos, stripped of GPS; another department cannot fetch them', async () => {
    const operator = await token('op1');
    const [swj] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`);
    await t.http().patch(`/api/cases/${caseId}`).set('Authorization', `Bearer ${operator}`).send({ categoryCode: 'urban.management', regionCode: '441802' }).expect(200);
    await t.http().post(`/api/cases/${caseId}/dispatch`).set('Authorization', `Bearer ${operator}`).send({ departmentId: swj.id }).expect(200);

    const handler = await open('handler', '/');
    await signIn(handler, 'h.swj');
    await handler.goto(`${base}/cases/${caseId}`);
    const list = handler.getByTestId('attachments');
    await list.waitFor();
    const thumbs = list.locator('img');
    await thumbs.nth(1).waitFor();
    await expect(thumbs.evaluateAll((imgs) => imgs.map((i) => (i as unknown as Img).naturalWidth > 0 && (i as unknown as Img).src.startsWith('blob:')))).resolves.toEqual([true, true]);
    await expect(list.locator('.attachment-name').allTextContents()).resolves.toEqual(['塌陷全景.jpg', '近景.png']);
    await settle(handler);
    await screenshotBoth(handler, SHOTS, '21-department-case-photos');

    // The photo as the department downloads it: re-encoded, no EXIF, no GPS.
    const handlerToken = await token('h.swj');
    const view = await t.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${handlerToken}`).expect(200);
    const photo = view.body.attachments[0];
    const file = await t.http().get(`/api/cases/${caseId}/attachments/${photo.id}`).set('Authorization', `Bearer ${handlerToken}`).buffer(true)
      .parse((res, done) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => done(null, Buffer.concat(c))); }).expect(200);
    const meta = await sharp(file.body as Buffer).metadata();
    expect(meta.width).toBe(1200);
    expect(meta.exif).toBeUndefined();
    expect(hasGps(meta.exif)).toBe(false);

    // 市交通运输局 is another department: neither the case nor its files exist for it.
    const other = await token('h.jtj');
    await t.http().get(`/api/cases/${caseId}/attachments/${photo.id}`).set('Authorization', `Bearer ${other}`).expect(404);
    await t.http().get(`/api/cases/${caseId}/attachments/${photo.id}?thumbnail=true`).set('Authorization', `Bearer ${other}`).expect(404);
    const stranger = await open('other-department', '/');
    await signIn(stranger, 'h.jtj');
    await stranger.goto(`${base}/cases/${caseId}`);
    await stranger.getByText('工单不存在，或已不在您的办理范围内').waitFor();
    await expect(stranger.getByTestId('attachments').count()).resolves.toBe(0);

    // Sign, then reply with the written answer as a PDF.
    await handler.locator('.case-actions [data-action="sign"]').click();
    await handler.locator('.ant-popconfirm').getByRole('button', { name: /确\s*认/ }).click();
    await handler.locator('.case-actions [data-action="reply"]').waitFor();
    await handler.locator('.case-actions [data-action="reply"]').click();
    const dialog = handler.locator('.ant-modal').filter({ hasText: '答复内容' });
    await dialog.getByLabel(/^答复内容/).fill('经现场核查，塌陷系地下供水管渗漏所致，已于今日完成管道抢修和路面恢复。书面答复函见附件。');
    await dialog.locator('input[type="file"]').setInputFiles({ name: '答复函.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await dialog.getByText('答复函.pdf').waitFor();
    await screenshotBoth(handler, SHOTS, '22-department-reply-with-pdf', { fullPage: false });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await handler.locator('.case-page .ant-tag', { hasText: '已答复' }).first().waitFor();
    await list.locator('.attachment-name', { hasText: '答复函.pdf' }).waitFor();
  });

  it('the reply and its PDF reach the citizen’s page, and the "replied" e-mail carries the rating link', async () => {
    await citizen.goto(`${base}/citizen#lookup`);
    await citizen.getByLabel('受理编号').fill(trackingCode);
    await citizen.getByLabel('查询码或手机号后四位').fill(queryCode);
    await citizen.getByRole('button', { name: '查询', exact: true }).click();
    await citizen.getByTestId('case-reply').waitFor();
    const files = citizen.getByTestId('case-attachments');
    await files.getByText('答复函.pdf').waitFor();
    await expect(files.locator('.file-name').allTextContents()).resolves.toEqual(['塌陷全景.jpg', '近景.png', '答复函.pdf']);
    await expect(files.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as unknown as Img).naturalWidth > 0))).resolves.toEqual([true, true]);
    const href = await files.locator('a', { hasText: '答复函.pdf' }).getAttribute('href');
    const got = await t.http().get(href!).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    await settle(citizen);
    await citizen.screenshot({ path: join(SHOTS, '23-citizen-reply-with-files-phone.png'), fullPage: true });

    const mail = await smtp.waitFor(EMAIL, (m) => mailText(m.raw).includes('已答复'));
    const text = mailText(mail.raw);
    expect(text).toContain(`https://12345.qingyuan.example/citizen#lookup=${trackingCode}`);
    expect(text).toContain('市水务局已答复您的诉求');

    // The rating link opens the lookup with the tracking code filled in.
    const linked = await open('citizen-link', `/citizen#lookup=${trackingCode}`, PHONE, true);
    await expect(linked.getByLabel('受理编号').inputValue()).resolves.toBe(trackingCode);
  });

  it('admins see the outbox with masked recipients, and register an Open311 client', async () => {
    const admin = await open('admin', '/');
    await signIn(admin, 'admin');
    await admin.goto(`${base}/admin/notifications`);
    await admin.locator('tr.ant-table-row').first().waitFor();
    await admin.getByText('137****4455').first().waitFor();
    await admin.getByText('c***@example.com').first().waitFor();
    expect(await admin.locator('body').textContent()).not.toContain(PHONE_NUMBER);
    await settle(admin);
    await screenshotBoth(admin, SHOTS, '24-admin-notifications');

    await admin.goto(`${base}/admin/open311`);
    await admin.getByPlaceholder('应用名称，如：清远市民通小程序').fill('清远市民通小程序');
    await admin.getByRole('button', { name: '登记并发放密钥' }).click();
    await admin.getByTestId('api-key').waitFor();
    await expect(admin.getByTestId('api-key').textContent()).resolves.toMatch(/o311_/);
    await screenshotBoth(admin, SHOTS, '25-admin-open311-key', { fullPage: false });
  });

  it('logged no console error on any page (the CSP included)', () => {
    expect(errors.list).toEqual([]);
  });

  it('no page of these journeys broke the Content Security Policy, nor was served without one', async () => {
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
