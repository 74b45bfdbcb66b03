import type { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { createApp, ready } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/app-config';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule against the test database. Rate limits are generous unless a spec is about
 * them; everything else is as in production.
 */
export async function startApp(
  overrides: Partial<AppConfig> = {},
  logStream?: DestinationStream,
  clock?: Clock,
  more: { databaseUrl?: string; applicationName?: string } = {},
): Promise<TestApp> {
  const url = more.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e specs through jest (global setup)');
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test' }),
    loginRateLimitPerMinute: 100_000,
    publicRateLimitPerMinute: 100_000,
    lookupFailuresPerHour: 100_000,
    sweepIntervalSeconds: 0, // specs sweep by hand, with their own clock
    hotspotIntervalSeconds: 0, // hotspots are looked for after intakes, or by hand
    ...overrides,
  };
  const app = await createApp({ config, databaseUrl: url, logStream, clock, applicationName: more.applicationName });
  await app.init();
  await ready(app);
  const server = app.getHttpServer() as App;
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** A clock the test sets by hand: real time until `set`, then frozen there until moved again. */
export class TestClock extends Clock {
  private fixed?: Date;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  set(at: Date): void {
    this.fixed = new Date(at);
  }

  advance(ms: number): void {
    this.fixed = new Date(this.now().getTime() + ms);
  }
}
