import 'reflect-metadata';
import { Client, type ClientConfig } from 'pg';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { migrations } from '../../migrations';
import { loadConfig } from '../config/app-config';
import { TypeOrmLogger } from './typeorm-logger';

/** How the app's connections show in pg_stat_activity. */
export const APPLICATION_NAME = 'hotline12345';

/**
 * A pg client that never crashes the process. The pool listens for errors only on idle clients; a
 * client checked out by a transaction whose connection dies between two queries would emit an 'error'
 * nobody handles, and Node would exit. With this listener the client is just marked broken: its next
 * query fails (a 503 to the caller) and the pool discards it on release.
 */
export class ResilientClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * The one set of DataSource options, shared by the app, the migration CLI and the tests. `entities`: the
 * row types the app maps (the composition root passes them; migrations need none).
 */
export function dataSourceOptions(
  url: string,
  applicationName = APPLICATION_NAME,
  entities: MixedList<string | (new () => unknown) | EntitySchema> = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // The migrations create what the schema needs; the serving role may create nothing.
    installExtensions: false,
    logger: new TypeOrmLogger(),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 1000,
    // Fail fast when the database is unreachable instead of hanging a request.
    extra: { max: 20, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000, application_name: applicationName, Client: ResilientClient },
  };
}

/** For the TypeORM CLI (`npm run migration:generate`): point DATABASE_URL at a scratch database. */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
