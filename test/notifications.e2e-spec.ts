import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Notification } from '../src/cases/notification.entity';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { LEASE_MS, NotificationSender } from '../src/notifications/notification-sender';
import { asUser, caseBody, login } from './factories';
import { FakeSmsProvider } from './support/fake-sms';
import { mailText, TestSmtpServer } from './support/smtp';
import { startApp, TestClock, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

const phone = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
const TEMPLATES = 'receipt=SMS_100,codes=SMS_101,dispatched=SMS_102,extended=SMS_103,paused=SMS_104,resumed=SMS_105,replied=SMS_106,reopened=SMS_107,closed=SMS_108,transferred=SMS_109';

/**
 * Reaching the citizen by SMS and e-mail: the outbox written with each event, held when no driver is
 * configured, sent through the providers' own SDKs to a fake provider on the loopback and through a
 * real SMTP server on the loopback, retried, capped, never sent twice — even when a sender dies mid-batch.
 * On a database of its own: its senders must not take other specs' messages.
 */
describe('notifications', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSiblingDatabase();
  }, 60_000);
  afterAll(() => database?.drop());

  const boot = (overrides: Partial<AppConfig>, clock?: TestClock) =>
    startApp({ notifyIntervalSeconds: 0, ...overrides }, undefined, clock, { databaseUrl: database.url });
  const rows = async (t: TestApp, caseId: string) =>
    (await t.dataSource.query(`SELECT * FROM notifications WHERE case_id = $1 ORDER BY created_at, channel`, [caseId])) as Record<string, unknown>[];
  const caseOf = async (t: TestApp, trackingCode: string) =>
    ((await t.dataSource.query(`SELECT id, query_code FROM cases WHERE tracking_code = $1`, [trackingCode])) as { id: string; query_code: string }[])[0];

  describe('with no driver configured (the default)', () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await boot({});
      admin = await login(t, 'admin', 'demo12345');
    });
    afterAll(() => t.close());

    it('records the receipt with the letter, held on both channels, and shows admins no full number', async () => {
      const mobile = phone();
      const letter = await t.http().post('/api/public/letters').send({ title: '路灯不亮', content: '小区门口路灯坏了一周', phone: mobile, email: 'zhou.min@example.com' }).expect(201);
      const c = await caseOf(t, letter.body.trackingCode);
      const written = await rows(t, c.id);
      expect(written.map((r) => [r.channel, r.template, r.status])).toEqual([
        ['email', 'receipt', 'held'],
        ['sms', 'receipt', 'held'],
      ]);
      expect(written[1].params).toMatchObject({ code: letter.body.trackingCode, query: letter.body.queryCode });
      const list = await asUser(t, admin).get('/api/admin/notifications', { caseId: c.id }).expect(200);
      expect(list.body.map((n: { to: string }) => n.to).sort()).toEqual([`${mobile.slice(0, 3)}****${mobile.slice(-4)}`, 'z***@example.com']);
      expect(JSON.stringify(list.body)).not.toContain(mobile);
      expect(JSON.stringify(list.body)).not.toContain(letter.body.queryCode);
    });

    it('writes nothing for a citizen who opted out, and only the codes for a confidential case', async () => {
      const operator = await login(t, 'op1', 'demo12345');
      const optedOut = await t.http().post('/api/public/letters').send({ title: '噪音', content: '夜间噪音', phone: phone(), notify: false }).expect(201);
      expect(await rows(t, (await caseOf(t, optedOut.body.trackingCode)).id)).toEqual([]);
      // Auto-dispatched at intake (labor.wage_arrears → rsj): created, then dispatched.
      const secret = await asUser(t, operator)
        .post('/api/cases', caseBody({ categoryCode: 'labor.wage_arrears', citizen: { name: '匿名', phone: phone(), confidential: true } }))
        .expect(201);
      expect(secret.body.status).toBe('dispatched');
      expect((await rows(t, secret.body.id)).map((r) => r.template)).toEqual(['receipt']);
      const open = await asUser(t, operator).post('/api/cases', caseBody({ categoryCode: 'labor.wage_arrears', citizen: { phone: phone() } })).expect(201);
      expect((await rows(t, open.body.id)).map((r) => r.template)).toEqual(['receipt', 'dispatched']);
      // A landline cannot take an SMS.
      const landline = await asUser(t, operator).post('/api/cases', caseBody({ citizen: { phone: '07633362345' } })).expect(201);
      expect(await rows(t, landline.body.id)).toEqual([]);
    });

    it('re-sends the codes on request, with the same answer whether or not the case exists, three times a day at most', async () => {
      const letter = await t.http().post('/api/public/letters').send({ title: '井盖缺失', content: '人行道井盖缺失', phone: phone() }).expect(201);
      const c = await caseOf(t, letter.body.trackingCode);
      const known = await t.http().post(`/api/public/cases/${letter.body.trackingCode}/resend-codes`).expect(202);
      const unknown = await t.http().post('/api/public/cases/ZZZZZZZZZZ/resend-codes').expect(202);
      const { correlationId: _a, ...knownBody } = known.body;
      const { correlationId: _b, ...unknownBody } = unknown.body;
      expect(knownBody).toEqual(unknownBody);
      for (let i = 0; i < 4; i++) await t.http().post(`/api/public/cases/${letter.body.trackingCode.toLowerCase()}/resend-codes`).expect(202);
      const codes = (await rows(t, c.id)).filter((r) => r.template === 'codes');
      expect(codes).toHaveLength(3);
      expect(codes[0].params).toMatchObject({ code: letter.body.trackingCode, query: c.query_code });
    });
  });

  describe('sent through Aliyun SMS and an SMTP server', () => {
    const provider = new FakeSmsProvider();
    const smtp = new TestSmtpServer();
    const clock = new TestClock();
    let t: TestApp;
    let sender: NotificationSender;
    let operator: string;

    beforeAll(async () => {
      const endpoint = await provider.start();
      const smtpUrl = await smtp.start();
      const config = loadConfig({
        NODE_ENV: 'test',
        SMS_DRIVER: 'aliyun',
        SMS_ACCESS_KEY_ID: 'test-key',
        SMS_ACCESS_KEY_SECRET: 'test-secret',
        SMS_SIGN_NAME: '清远12345',
        SMS_TEMPLATES: TEMPLATES,
        SMS_ENDPOINT: endpoint,
        SMS_DAILY_CAP: '4',
        SMTP_URL: smtpUrl,
        PUBLIC_URL: 'https://12345.example.gov.cn',
      });
      t = await boot({ sms: config.sms, smtpUrl: config.smtpUrl, publicUrl: config.publicUrl }, clock);
      sender = t.app.get(NotificationSender);
      operator = await login(t, 'op1', 'demo12345');
    });
    afterAll(async () => {
      await t.close();
      await provider.stop();
      await smtp.stop();
    });

    it('sends the receipt by e-mail and SMS, with the dedupe key as OutId and the codes as template parameters', async () => {
      const mobile = phone();
      const letter = await t.http().post('/api/public/letters').send({ title: '垃圾清运不及时', content: '小区垃圾三天未清运', phone: mobile, email: 'li.na@example.com' }).expect(201);
      expect(await sender.drain()).toEqual({ sent: 2, retried: 0, failed: 0 });
      const mail = await smtp.waitFor('li.na@example.com');
      const text = mailText(mail.raw);
      expect(text).toContain(letter.body.trackingCode);
      expect(text).toContain(letter.body.queryCode);
      expect(mail.raw).toMatch(/^Subject: /m);
      const sms = provider.calls.find((call) => call.phone === mobile)!;
      expect(sms).toMatchObject({ template: 'SMS_100', signName: '清远12345', params: { code: letter.body.trackingCode, query: letter.body.queryCode } });
      const c = await caseOf(t, letter.body.trackingCode);
      const written = await rows(t, c.id);
      expect(written.map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(sms.dedupeKey).toBe(written.find((r) => r.channel === 'sms')!.dedupe_key);
    });

    it('tells a merged citizen what the master case does, under their own tracking code, with the rating link on the reply', async () => {
      const master = await asUser(t, operator).post('/api/cases', caseBody({ citizen: { phone: phone(), email: 'master@example.com' } })).expect(201);
      const mergedPhone = phone();
      const merged = await asUser(t, operator).post('/api/cases', caseBody({ citizen: { phone: mergedPhone, email: 'merged@example.com' } })).expect(201);
      await asUser(t, operator).post(`/api/cases/${merged.body.id}/close`, { reason: 'merged', note: '重复诉求', mergedIntoId: master.body.id }).expect(200);
      const [swj] = await t.dataSource.query(`SELECT id FROM departments WHERE code = 'swj'`);
      await asUser(t, operator).post(`/api/cases/${master.body.id}/dispatch`, { departmentId: swj.id }).expect(200);
      const handler = await login(t, 'h.swj', 'demo12345');
      await asUser(t, handler).post(`/api/cases/${master.body.id}/sign`).expect(200);
      await asUser(t, handler).post(`/api/cases/${master.body.id}/reply`, { content: '已修复供水管道。', resolution: 'resolved' }).expect(200);
      await sender.drain();
      const templates = (await rows(t, merged.body.id)).map((r) => `${r.template}:${r.channel}:${r.status}`);
      expect(templates).toEqual(expect.arrayContaining(['receipt:sms:sent', 'closed:sms:sent', 'dispatched:sms:sent', 'replied:sms:sent', 'replied:email:sent']));
      const replied = provider.calls.find((call) => call.phone === mergedPhone && call.template === 'SMS_106')!;
      expect(replied.params).toMatchObject({ code: merged.body.trackingCode, dept: '市水务局', link: `https://12345.example.gov.cn/citizen#lookup=${merged.body.trackingCode}` });
      const mail = await smtp.waitFor('merged@example.com', (m) => mailText(m.raw).includes('已答复'));
      expect(mailText(mail.raw)).toContain(`https://12345.example.gov.cn/citizen#lookup=${merged.body.trackingCode}`);
      expect(mailText(mail.raw)).not.toContain(master.body.trackingCode);
    });

    it('retries a failed send later, with the same dedupe key, and caps SMS per phone per day', async () => {
      provider.failNext = 1;
      const mobile = phone();
      const first = await t.http().post('/api/public/letters').send({ title: '路面塌陷', content: '路面塌陷一处', phone: mobile }).expect(201);
      expect(await sender.drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const c = await caseOf(t, first.body.trackingCode);
      let [sms] = (await rows(t, c.id)) as unknown as (Notification & { next_attempt_at: Date; attempts: number; status: string; last_error: string })[];
      expect(sms).toMatchObject({ status: 'pending', attempts: 1 });
      expect(sms.last_error).not.toContain(mobile);
      // Not before its time: 30 s later.
      expect(await sender.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
      clock.set(new Date(Date.now() + 31_000));
      expect(await sender.drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
      [sms] = (await rows(t, c.id)) as never[];
      expect(sms).toMatchObject({ status: 'sent', attempts: 2 });
      const attempts = provider.calls.filter((call) => call.phone === mobile);
      expect(attempts).toHaveLength(2);
      expect(new Set(attempts.map((a) => a.dedupeKey)).size).toBe(1);

      // Three more to the same number reach the cap of 4 within 24 hours; the fifth is not sent.
      for (let i = 0; i < 4; i++) await t.http().post('/api/public/letters').send({ title: `第${i}封信`, content: '内容', phone: mobile }).expect(201);
      expect(await sender.drain()).toEqual({ sent: 3, retried: 0, failed: 1 });
      const capped = (await t.dataSource.query(`SELECT last_error FROM notifications WHERE recipient = $1 AND status = 'failed'`, [mobile])) as { last_error: string }[];
      expect(capped).toHaveLength(1);
      expect(capped[0].last_error).toMatch(/^daily_cap/);
      clock.set(new Date());
    });
  });

  describe('sent through Tencent Cloud SMS', () => {
    const provider = new FakeSmsProvider();
    let t: TestApp;
    afterAll(async () => {
      await t?.close();
      await provider.stop();
    });

    it('passes the dedupe key as SessionContext and the parameters in the template’s order', async () => {
      const endpoint = await provider.start();
      const { sms } = loadConfig({
        NODE_ENV: 'test',
        SMS_DRIVER: 'tencent',
        SMS_ACCESS_KEY_ID: 'AKIDtest',
        SMS_ACCESS_KEY_SECRET: 'secret',
        SMS_SIGN_NAME: '清远12345',
        SMS_SDK_APP_ID: '1400000000',
        SMS_TEMPLATES: 'receipt=1001',
        SMS_ENDPOINT: endpoint,
      });
      t = await boot({ sms });
      const mobile = phone();
      const letter = await t.http().post('/api/public/letters').send({ title: '公交晚点', content: '12路公交经常晚点', phone: mobile }).expect(201);
      expect(await t.app.get(NotificationSender).drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
      const [call] = provider.calls;
      expect(call).toMatchObject({ provider: 'tencent', phone: mobile, template: '1001', params: [letter.body.trackingCode, letter.body.queryCode] });
      const [row] = await rows(t, (await caseOf(t, letter.body.trackingCode)).id);
      expect(call.dedupeKey).toBe(row.dedupe_key);
    });
  });

  describe('a sender killed mid-batch', () => {
    const provider = new FakeSmsProvider();
    afterAll(() => provider.stop());

    it('loses nothing and sends nothing twice: the message in flight is repeated under its dedupe key, the rest sent once', async () => {
      const endpoint = await provider.start();
      const clock = new TestClock();
      const { sms } = loadConfig({
        NODE_ENV: 'test', SMS_DRIVER: 'aliyun', SMS_ACCESS_KEY_ID: 'k', SMS_ACCESS_KEY_SECRET: 's', SMS_SIGN_NAME: '清远12345',
        SMS_TEMPLATES: 'receipt=SMS_100,dispatched=SMS_101', SMS_ENDPOINT: endpoint,
      });
      const t = await boot({ sms }, clock);
      try {
        const phones = Array.from({ length: 5 }, phone);
        for (const mobile of phones) await t.http().post('/api/public/letters').send({ title: '来信', content: '内容', phone: mobile }).expect(201);

        // The third message reaches the provider, whose answer never comes: the sender is killed waiting.
        provider.holdAt = 3;
        const held = new Promise<void>((ok) => (provider.onHold = ok));
        const child = fork(join(__dirname, 'support/notification-worker.ts'), [], {
          execArgv: ['-r', 'ts-node/register/transpile-only'],
          env: { ...process.env, WORKER_DATABASE_URL: database.url, WORKER_SMS_ENDPOINT: endpoint, TS_NODE_PROJECT: join(__dirname, '../tsconfig.json') },
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        const exited = new Promise((ok) => child.once('exit', ok));
        await held;
        child.kill('SIGKILL');
        await exited;
        provider.holdAt = null;

        const states = async () =>
          (await t.dataSource.query(`SELECT recipient, status, attempts FROM notifications WHERE recipient = ANY($1) ORDER BY recipient`, [phones])) as {
            recipient: string; status: string; attempts: number;
          }[];
        expect((await states()).filter((s) => s.status === 'sent')).toHaveLength(2);
        // Its claims hold until the lease runs out: nobody else sends them meanwhile.
        expect(await t.app.get(NotificationSender).drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
        clock.set(new Date(Date.now() + LEASE_MS + 1000));
        expect(await t.app.get(NotificationSender).drain()).toEqual({ sent: 3, retried: 0, failed: 0 });

        expect((await states()).map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
        // Every message reached its phone exactly once; only the one in flight was asked for twice, under one key.
        expect([...provider.delivered.values()].map((d) => d.phone).sort()).toEqual([...phones].sort());
        const perKey = new Map<string, number>();
        for (const call of provider.calls) perKey.set(call.dedupeKey, (perKey.get(call.dedupeKey) ?? 0) + 1);
        expect([...perKey.values()].sort()).toEqual([1, 1, 1, 1, 2]);
      } finally {
        await t.close();
      }
    }, 120_000);
  });
});
