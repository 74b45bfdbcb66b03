import { Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const SIGNING_KEY = Symbol('SIGNING_KEY');

/**
 * The JWT signing key: JWT_SECRET when configured (required in production); otherwise generated once and
 * stored in the database, so every instance on that database signs and verifies with the same key.
 */
export const signingKeyProvider: Provider = {
  provide: SIGNING_KEY,
  inject: [APP_CONFIG, DataSource],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<string> => {
    if (config.jwtSecret) return config.jwtSecret;
    await dataSource.query(
      `INSERT INTO app_secrets (name, value) VALUES ('jwt_signing_key', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(48).toString('base64url')],
    );
    const [row] = await dataSource.query(`SELECT value FROM app_secrets WHERE name = 'jwt_signing_key'`);
    return row.value as string;
  },
};
