import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { loadConfig } from '../config/app-config';
import { entities } from './entities';
import { TypeOrmLogger } from './typeorm-logger';

/** The one set of DataSource options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new TypeOrmLogger(),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 1000,
    // Fail fast when the database is unreachable instead of hanging a request.
    extra: { max: 20, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
  };
}

/** For the TypeORM CLI (`npm run migration:generate`): point DATABASE_URL at a scratch database. */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
