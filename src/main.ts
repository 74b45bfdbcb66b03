import 'reflect-metadata';
import exitHook from 'async-exit-hook';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { seedDemoHistory } from './demo/demo-history';
import { seedDemoData } from './demo/demo-seed';
import { HotspotDetector } from './hotspots/hotspot-detector.service';
import { EmbeddedDatabase } from './database/embedded-database';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedDatabase.start({ dir: config.dataDir, database: 'hotline12345' });
  let app;
  try {
    app = await createApp({ config, databaseUrl: config.databaseUrl ?? embedded!.url });
    const logger = app.get(Logger);
    if (config.seedDemo) {
      await seedDemoData(app.get(DataSource), logger);
      // Four weeks of background calls and a spike in progress, once per database: the city's picture.
      await seedDemoHistory(app.get(DataSource), new Date(), logger);
      app.get(HotspotDetector).poke();
    }
    // Every interface, as Express did: Fastify would listen on localhost only (unreachable in a container).
    await app.listen(config.port, '0.0.0.0');
    logger.log(
      `Listening on http://localhost:${config.port} (API docs at /api/docs) with ${embedded ? `the embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`,
      'Bootstrap',
    );
  } catch (error) {
    await app?.close();
    await embedded?.stop();
    throw error;
  }

  // On SIGINT/SIGTERM: stop accepting requests, let those in flight finish, close the pool, and only then
  // stop the embedded database. async-exit-hook waits for this before the process exits.
  exitHook.forceExitTimeout(20_000);
  exitHook((done) => {
    app.get(Logger).log('Shutting down', 'Bootstrap');
    app
      .close()
      .finally(() => embedded?.stop())
      .finally(done);
  });
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
