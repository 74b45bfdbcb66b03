/**
 * A notification sender in a process of its own, for the test that kills one mid-batch: boots the app
 * on WORKER_DATABASE_URL with the SMS driver pointed at WORKER_SMS_ENDPOINT, sends what is due, exits.
 */
import { NotificationSender } from '../../src/notifications/notification-sender';
import { loadConfig } from '../../src/config/app-config';
import { startApp } from '../setup/test-app';

async function main(): Promise<void> {
  const sms = loadConfig({
    NODE_ENV: 'test',
    SMS_DRIVER: 'aliyun',
    SMS_ACCESS_KEY_ID: 'test-key',
    SMS_ACCESS_KEY_SECRET: 'test-secret',
    SMS_SIGN_NAME: '清远12345',
    SMS_TEMPLATES: 'receipt=SMS_100,dispatched=SMS_101',
    SMS_ENDPOINT: process.env.WORKER_SMS_ENDPOINT,
  }).sms;
  const t = await startApp({ sms, notifyIntervalSeconds: 0 }, undefined, undefined, { databaseUrl: process.env.WORKER_DATABASE_URL, applicationName: 'killed-sender' });
  process.send?.('ready');
  await t.app.get(NotificationSender).drain();
  process.send?.('done');
  await t.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
